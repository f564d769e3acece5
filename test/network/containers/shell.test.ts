import { describe, expect, it } from 'vitest';
import { parseScript, tokenize } from '../../../src/network/containers/shell/parser.js';
import { ALPINE, DEBIAN, clientBox, run, sh, world } from './fixture.js';
import { runShell } from '../../../src/network/containers/shell/interpreter.js';
import { env } from './fixture.js';

describe('shell parser', () => {
  it('keeps quotes in raw words and splits operators', () => {
    const t = tokenize(`echo 'a b' "c $d"|grep x&&true||false; ls 2>&1 >/dev/null`);
    expect(t.filter((x) => x.kind !== 'eof').map((x) => ('text' in x ? x.text : '\\n'))).toEqual(['echo', "'a b'", '"c $d"', '|', 'grep', 'x', '&&', 'true', '||', 'false', ';', 'ls', '2', '>&', '1', '>', '/dev/null']);
  });
  it('parses for/if/while/case and functions', () => {
    expect(() => parseScript('for i in $(seq 1 3); do echo $i; done; if true; then :; elif false; then :; else :; fi')).not.toThrow();
    expect(() => parseScript('while false; do :; done; case x in a|x) echo y;; *) :;; esac; f() { echo hi; }; f')).not.toThrow();
  });
});

describe('shell semantics', () => {
  const w = world();
  const box = clientBox(w);
  it('quoting: single, double, backslash, empty args', () => {
    expect(sh(box, `X=world; echo 'hello $X' "hello $X" hello\\ \\$X "" end`).stdout).toBe('hello $X hello world hello $X  end\n');
    expect(sh(box, `printf '%s|' a "b c" '' d`).stdout).toBe('a|b c||d|');
  });
  it('sh -c SCRIPT ARG0 ARG1: the rest become $0, $1 …', () => {
    const r = runShell('ash', ['sh', '-c', 'echo "$0|$1|$2|$#"', 'name', 'one', 'two'], env(), box, '', []);
    expect(r.stdout).toBe('name|one|two|2\n');
  });
  it('the notes pitfall: sh -c curl -s frontend-svc:80 runs bare curl (exit 2)', () => {
    const r = run(box, ['/bin/sh', '-c', 'curl', '-s', 'frontend-svc:80']);
    expect(r).toMatchObject({ stdout: '', stderr: "curl: try 'curl --help' or 'curl --manual' for more information\n", code: 2 });
  });
  it('pipes, &&, ||, $? and exit codes', () => {
    expect(sh(box, 'seq 1 5 | grep -v 3 | wc -l').stdout).toBe('4\n');
    expect(sh(box, 'false && echo no || echo yes; echo $?').stdout).toBe('yes\n0\n');
    expect(sh(box, 'false; echo $?').stdout).toBe('1\n');
    expect(sh(box, 'exit 7').code).toBe(7);
    expect(sh(box, 'true; (exit 3); echo $?').stdout).toBe('3\n');
    expect(sh(box, '! false').code).toBe(0);
  });
  it('for … in $(seq 1 3), while, if, case, functions', () => {
    expect(sh(box, 'for i in $(seq 1 3); do echo "n=$i"; done').stdout).toBe('n=1\nn=2\nn=3\n');
    expect(sh(box, 'i=0; while [ $i -lt 3 ]; do i=$((i+1)); done; echo $i').stdout).toBe('3\n');
    expect(sh(box, 'if [ -f /etc/hostname ]; then cat /etc/hostname; else echo none; fi').stdout).toBe('client\n');
    expect(sh(box, 'case frontend-svc in front*) echo F;; *) echo X;; esac').stdout).toBe('F\n');
    expect(sh(box, 'greet() { echo "hi $1"; }; greet you').stdout).toBe('hi you\n');
    expect(sh(box, 'for x in a b c; do [ $x = b ] && break; echo $x; done').stdout).toBe('a\n');
  });
  it('variables: ${VAR}, defaults, length, trimming, command substitution, backticks', () => {
    expect(sh(box, 'A=abc.txt; echo ${A%.txt} ${#A} ${B:-dflt} `echo back` $(echo $(echo nested))').stdout).toBe('abc 7 dflt back nested\n');
    expect(sh(box, 'echo $HOSTNAME $HOME').stdout).toBe('client /root\n');
  });
  it('redirections: >, >>, 2>&1, >/dev/null, <, here-doc', () => {
    expect(sh(box, 'echo a > /tmp/f; echo b >> /tmp/f; cat /tmp/f').stdout).toBe('a\nb\n');
    expect(sh(box, 'cat /nope 2>&1').stdout).toBe("cat: can't open '/nope': No such file or directory\n");
    expect(sh(box, 'cat /nope 2>/dev/null; echo $?')).toMatchObject({ stdout: '1\n', stderr: '' });
    expect(sh(box, 'echo hi >/dev/null')).toMatchObject({ stdout: '', code: 0 });
    expect(sh(box, 'wc -l < /etc/hosts').stdout).toBe('2\n');
    expect(sh(box, 'cat <<EOF\nx=$HOSTNAME\nEOF').stdout).toBe('x=client\n');
  });
  it('command not found, per shell flavour (exit 127)', () => {
    expect(sh(box, 'nslookup2 x')).toMatchObject({ stderr: 'sh: nslookup2: not found\n', code: 127 });
    const deb = clientBox(world(), DEBIAN);
    expect(sh(deb, 'nslookup x', 'dash')).toMatchObject({ stderr: 'sh: 1: nslookup: not found\n', code: 127 });
    expect(runShell('bash', ['bash', '-c', 'true\nnslookup x'], env(), deb, '', [])).toMatchObject({ stderr: 'bash: line 2: nslookup: command not found\n', code: 127 });
    expect(runShell('ash', ['/bin/sh', '-c', 'foo'], env(), box, '', []).stderr).toBe('/bin/sh: foo: not found\n');
    expect(deb.hints[0]).toMatch(/this image has no nslookup; use an image with bind9 tools such as registry.k8s.io\/e2e-test-images\/jessie-dnsutils:1.3/);
  });
  it('sh -c without an argument and syntax errors', () => {
    expect(runShell('ash', ['sh', '-c'], env(), box, '', [])).toMatchObject({ stderr: 'sh: -c requires an argument\n', code: 2 });
    expect(sh(box, 'if true; then echo')).toMatchObject({ code: 2 });
    expect(sh(box, "echo 'open")).toMatchObject({ stderr: 'sh: Syntax error: Unterminated quoted string\n', code: 2 });
  });
  it('echo: dash interprets backslash escapes, bash and ash do not', () => {
    const deb = clientBox(world(), DEBIAN);
    expect(sh(deb, "echo 'a\\nb'", 'dash').stdout).toBe('a\nb\n');
    expect(sh(deb, "echo 'a\\nb'", 'bash').stdout).toBe('a\\nb\n');
    expect(sh(box, "echo -e 'a\\tb'").stdout).toBe('a\tb\n');
  });
});

describe('coreutils', () => {
  const w = world();
  const box = clientBox(w);
  it('cat, hostname, printenv, env', () => {
    expect(run(box, ['cat', '/etc/hostname']).stdout).toBe('client\n');
    expect(run(box, ['cat', '/etc/shadowx'])).toMatchObject({ stderr: "cat: can't open '/etc/shadowx': No such file or directory\n", code: 1 });
    expect(run(clientBox(world(), DEBIAN), ['cat', '/x'])).toMatchObject({ stderr: 'cat: /x: No such file or directory\n', code: 1 });
    expect(run(box, ['hostname']).stdout).toBe('client\n');
    expect(run(box, ['printenv', 'HOME']).stdout).toBe('/root\n');
    expect(run(box, ['printenv', 'NOPE']).code).toBe(1);
    expect(run(box, ['env']).stdout).toContain('HOSTNAME=client\n');
  });
  it('grep -E -i -v -c -o, head, tail, sort, uniq, seq, cut, tr, awk, sed', () => {
    const text = 'alpha\nBeta\ngamma\nbeta\n';
    expect(run(box, ['grep', '-i', 'beta'], text).stdout).toBe('Beta\nbeta\n');
    expect(run(box, ['grep', '-c', 'a'], text).stdout).toBe('4\n');
    expect(run(box, ['grep', '-v', 'a'], text).stdout).toBe('');
    expect(run(box, ['grep', '-Eo', '[gb]e?[at]+'], text).stdout).toBe('ga\nbeta\n');
    expect(run(box, ['grep', 'zzz'], text).code).toBe(1);
    expect(run(box, ['head', '-n', '2'], text).stdout).toBe('alpha\nBeta\n');
    expect(run(box, ['tail', '-1'], text).stdout).toBe('beta\n');
    expect(run(box, ['sort'], text).stdout).toBe('Beta\nalpha\nbeta\ngamma\n');
    expect(run(box, ['uniq', '-c'], 'a\na\nb\n').stdout).toBe('      2 a\n      1 b\n');
    expect(run(box, ['seq', '3']).stdout).toBe('1\n2\n3\n');
    expect(run(box, ['cut', '-d', '=', '-f', '2'], 'A=1\nB=2\n').stdout).toBe('1\n2\n');
    expect(run(box, ['tr', 'a-z', 'A-Z'], 'abc\n').stdout).toBe('ABC\n');
    expect(run(box, ['awk', '{print $2}'], 'a b c\nd e f\n').stdout).toBe('b\ne\n');
    expect(run(box, ['sed', 's/a/X/g'], 'banana\n').stdout).toBe('bXnXnX\n');
    expect(run(box, ['sleep', '1']).code).toBe(0);
  });
  it('ls and missing files', () => {
    expect(run(box, ['ls', '/etc']).stdout).toBe('hostname\nhosts\nos-release\n');
    expect(run(box, ['ls', '/nope'])).toMatchObject({ stderr: 'ls: /nope: No such file or directory\n', code: 1 });
  });
});

describe('alpine image', () => {
  it('has ALPINE tools and busybox applets', () => {
    const box = clientBox(world(), ALPINE);
    expect(box.lookup('/usr/bin/curl')).toBeDefined();
    expect(box.lookup('/opt/curl')).toBeUndefined();
    expect(box.lookup('bash')).toBeUndefined();
    expect(run(box, ['busybox', 'seq', '2']).stdout).toBe('1\n2\n');
  });
});
