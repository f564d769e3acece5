/**
 * The package managers, reduced to what tutorials do with them: `apt-get update`,
 * `apt-get install [-y] dnsutils curl wget iputils-ping netcat-openbsd`, `apk add bind-tools …`.
 * Installed tools stay in that container until it restarts. As in a real container, Debian
 * images ship without package lists (install before `apt-get update` fails), apt-get asks for
 * confirmation without `-y` (and aborts on a closed stdin), and non-root users cannot install.
 */
import type { ContainerContext, RunResult } from '../box.js';
import type { Tool } from '../images.js';
import { keyTable } from '../../../key-table.js';

interface Pkg {
  tools: Tool[];
  /** Debian: packages pulled in, in apt's order. */
  deps: string[];
  version: string;
  kb: number;
}

const APT: Record<string, Pkg> = keyTable({
  dnsutils: { tools: ['bind9'], deps: ['bind9-dnsutils', 'bind9-host', 'bind9-libs', 'libedit2', 'libfstrm0', 'libjemalloc2', 'liblmdb0', 'libmaxminddb0', 'libprotobuf-c1', 'libuv1'], version: '1:9.18.33-1~deb12u2', kb: 3120 },
  'bind9-dnsutils': { tools: ['bind9'], deps: ['bind9-host', 'bind9-libs', 'libedit2', 'libfstrm0', 'libjemalloc2', 'liblmdb0', 'libmaxminddb0', 'libprotobuf-c1', 'libuv1'], version: '1:9.18.33-1~deb12u2', kb: 3080 },
  curl: { tools: ['curl'], deps: ['libbrotli1', 'libcurl4', 'libldap-2.5-0', 'libnghttp2-14', 'libpsl5', 'librtmp1', 'libsasl2-2', 'libssh2-1'], version: '7.88.1-10+deb12u8', kb: 1850 },
  wget: { tools: ['wget-gnu'], deps: ['libpsl5', 'publicsuffix'], version: '1.21.3-1+b2', kb: 1020 },
  'iputils-ping': { tools: ['ping-iputils'], deps: ['libcap2-bin'], version: '3:20221126-1+deb12u1', kb: 92 },
  'netcat-openbsd': { tools: ['nc-openbsd'], deps: ['libbsd0', 'libmd0'], version: '1.219-1', kb: 45 },
  'redis-tools': { tools: ['redis-cli'], deps: ['libjemalloc2', 'liblzf1'], version: '5:7.0.15-1~deb12u1', kb: 1020 },
});
APT['netcat'] = APT['netcat-openbsd'];

const APK: Record<string, { tools: Tool[]; deps: string[]; version: string }> = {
  'bind-tools': { tools: ['bind9'], deps: ['fstrm (0.6.1-r4)', 'krb5-conf (1.0-r2)', 'keyutils-libs (1.6.3-r3)', 'libverto (0.3.2-r2)', 'krb5-libs (1.21.3-r0)', 'json-c (0.17-r0)', 'nghttp2-libs (1.62.1-r0)', 'protobuf-c (1.5.0-r0)', 'libuv (1.48.0-r0)', 'xz-libs (5.6.2-r0)', 'libxml2 (2.12.7-r0)', 'bind-libs (9.18.31-r0)'], version: '9.18.31-r0' },
  curl: { tools: ['curl'], deps: ['ca-certificates (20240705-r0)', 'brotli-libs (1.1.0-r2)', 'c-ares (1.33.1-r0)', 'libunistring (1.2-r0)', 'libidn2 (2.3.7-r0)', 'nghttp2-libs (1.62.1-r0)', 'libpsl (0.21.5-r1)', 'zstd-libs (1.5.6-r0)', 'libcurl (8.10.1-r0)'], version: '8.10.1-r0' },
  iputils: { tools: ['ping-iputils'], deps: ['libcap2 (2.70-r0)'], version: '20240117-r0' },
  'iputils-ping': { tools: ['ping-iputils'], deps: ['libcap2 (2.70-r0)'], version: '20240117-r0' },
  'netcat-openbsd': { tools: ['nc-openbsd'], deps: ['libmd (1.1.0-r0)', 'libbsd (0.12.2-r0)'], version: '1.226-r0' },
  wget: { tools: ['wget-gnu'], deps: ['libunistring (1.2-r0)', 'libidn2 (2.3.7-r0)', 'pcre2 (10.43-r0)'], version: '1.24.5-r0' },
  redis: { tools: ['redis-cli'], deps: [], version: '7.2.5-r0' },
};

function bookworm(p: string): string {
  return `http://deb.debian.org/debian bookworm/main amd64 ${p}`;
}

export function runAptGet(argv: string[], ctx: ContainerContext): RunResult {
  const isApt = argv[0].endsWith('apt');
  const warn = isApt ? '\nWARNING: apt does not have a stable CLI interface. Use with caution in scripts.\n\n' : '';
  const args = argv.slice(1);
  const yes = args.some((a) => /^-\w*y/.test(a) || a === '--yes' || a === '--assume-yes');
  const quiet = args.some((a) => /^-q+$/.test(a));
  const ops = args.filter((a) => !a.startsWith('-'));
  const cmd = ops[0];
  if (!cmd) return { stdout: isApt ? 'apt 2.6.1 (amd64)\nUsage: apt [options] command\n' : 'apt 2.6.1 (amd64)\nUsage: apt-get [options] command\n', stderr: '', code: isApt ? 1 : 0 };
  if (ctx.box.user !== 'root') {
    return { stdout: '', stderr: `${warn}E: Could not open lock file /var/lib/dpkg/lock-frontend - open (13: Permission denied)\nE: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), are you root?\n`, code: 100 };
  }
  if (cmd === 'update') {
    ctx.box.setAptUpdated();
    const out = quiet
      ? ''
      : 'Get:1 http://deb.debian.org/debian bookworm InRelease [151 kB]\nGet:2 http://deb.debian.org/debian bookworm-updates InRelease [55.4 kB]\nGet:3 http://deb.debian.org/debian-security bookworm-security InRelease [48.0 kB]\nGet:4 http://deb.debian.org/debian bookworm/main amd64 Packages [8792 kB]\nGet:5 http://deb.debian.org/debian bookworm-updates/main amd64 Packages [13.5 kB]\nGet:6 http://deb.debian.org/debian-security bookworm-security/main amd64 Packages [243 kB]\nFetched 9303 kB in 1s (7012 kB/s)\nReading package lists...\n' + (isApt ? 'Building dependency tree...\nReading state information...\nAll packages are up to date.\n' : '');
    return { stdout: out, stderr: warn, code: 0 };
  }
  if (cmd !== 'install') {
    if (['upgrade', 'remove', 'purge', 'autoremove', 'clean'].includes(cmd)) return { stdout: 'Reading package lists...\nBuilding dependency tree...\nReading state information...\n0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n', stderr: warn, code: 0 };
    return { stdout: '', stderr: `${warn}E: Invalid operation ${cmd}\n`, code: 100 };
  }
  let out = 'Reading package lists...\nBuilding dependency tree...\nReading state information...\n';
  const names = ops.slice(1);
  if (names.length === 0) return { stdout: out + '0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n', stderr: warn, code: 0 };
  const missing = names.find((n) => !ctx.box.aptUpdated || !APT[n]);
  if (missing !== undefined) {
    if (!ctx.box.aptUpdated) ctx.box.hints.push('container images ship without package lists: run `apt-get update` first (then `apt-get install -y …`)');
    return { stdout: out, stderr: `${warn}E: Unable to locate package ${missing}\n`, code: 100 };
  }
  const newPkgs = [...new Set(names.flatMap((n) => [...APT[n].deps, n]))].sort();
  const extra = newPkgs.filter((p) => !names.includes(p));
  const kb = names.reduce((a, n) => a + APT[n].kb, 0);
  if (extra.length) out += `The following additional packages will be installed:\n${wrap(extra)}`;
  out += `The following NEW packages will be installed:\n${wrap(newPkgs)}`;
  out += `0 upgraded, ${newPkgs.length} newly installed, 0 to remove and 0 not upgraded.\nNeed to get ${fmtKb(kb)} of archives.\nAfter this operation, ${fmtKb(kb * 3)} of additional disk space will be used.\n`;
  if (!yes && extra.length) {
    ctx.box.hints.push('apt-get asks for confirmation and reads "no" from a closed stdin; add -y');
    return { stdout: out + 'Do you want to continue? [Y/n] Abort.\n', stderr: warn, code: 1 };
  }
  newPkgs.forEach((p, i) => (out += `Get:${i + 1} ${bookworm(p)} ${APT[p]?.version ?? '1.0-1'} [${Math.max(20, Math.round(kb / newPkgs.length))} kB]\n`));
  out += `Fetched ${fmtKb(kb)} in 0s (${fmtKb(kb * 8)}/s)\n`;
  const err = warn + 'debconf: delaying package configuration, since apt-utils is not installed\n';
  for (const p of newPkgs) {
    out += `Selecting previously unselected package ${p}.\n(Reading database ... 7580 files and directories currently installed.)\nPreparing to unpack .../${p}.deb ...\nUnpacking ${p} ...\n`;
  }
  for (const p of newPkgs) out += `Setting up ${p} (${APT[p]?.version ?? '1.0-1'}) ...\n`;
  out += 'Processing triggers for libc-bin (2.36-9+deb12u9) ...\n';
  ctx.box.install(names.flatMap((n) => APT[n].tools));
  return { stdout: out, stderr: err, code: 0 };
}

function wrap(pkgs: string[]): string {
  const lines: string[] = [];
  let cur = ' ';
  for (const p of pkgs) {
    if (cur.length + p.length + 1 > 79) {
      lines.push(cur);
      cur = ' ';
    }
    cur += ' ' + p;
  }
  lines.push(cur);
  return lines.join('\n') + '\n';
}

function fmtKb(kb: number): string {
  return kb >= 1000 ? `${(kb / 1000).toFixed(1)} MB` : `${kb} kB`;
}

export function runApk(argv: string[], ctx: ContainerContext): RunResult {
  const args = argv.slice(1);
  const cmd = args.find((a) => !a.startsWith('-'));
  const names = args.filter((a) => !a.startsWith('-')).slice(1);
  if (cmd !== 'add') {
    if (cmd === 'update') return ctx.box.user === 'root' ? { stdout: 'fetch https://dl-cdn.alpinelinux.org/alpine/v3.20/main/x86_64/APKINDEX.tar.gz\nfetch https://dl-cdn.alpinelinux.org/alpine/v3.20/community/x86_64/APKINDEX.tar.gz\nv3.20.3-330-g4c8d0bc5d5b [https://dl-cdn.alpinelinux.org/alpine/v3.20/main]\nv3.20.3-331-g2c9c7c31f5c [https://dl-cdn.alpinelinux.org/alpine/v3.20/community]\nOK: 24167 distinct packages available\n', stderr: '', code: 0 } : { stdout: '', stderr: 'ERROR: Unable to lock database: Permission denied\nERROR: Failed to open apk database: Permission denied\n', code: 99 };
    return { stdout: 'apk-tools 2.14.4, compiled for x86_64.\n', stderr: '', code: cmd ? 1 : 0 };
  }
  if (ctx.box.user !== 'root') {
    ctx.box.hints.push(`this image runs as ${ctx.box.user}, not root; apk cannot install (use an image such as nicolaka/netshoot or registry.k8s.io/e2e-test-images/jessie-dnsutils:1.3)`);
    return { stdout: '', stderr: 'ERROR: Unable to lock database: Permission denied\nERROR: Failed to open apk database: Permission denied\n', code: 99 };
  }
  let out = 'fetch https://dl-cdn.alpinelinux.org/alpine/v3.20/main/x86_64/APKINDEX.tar.gz\nfetch https://dl-cdn.alpinelinux.org/alpine/v3.20/community/x86_64/APKINDEX.tar.gz\n';
  const unknown = names.filter((n) => !APK[n]);
  if (unknown.length) return { stdout: out, stderr: `ERROR: unable to select packages:\n${unknown.map((n) => `  ${n} (no such package):\n    required by: world[${n}]\n`).join('')}`, code: unknown.length };
  const items = [...new Set(names.flatMap((n) => [...APK[n].deps, `${n} (${APK[n].version})`]))];
  items.forEach((p, i) => (out += `(${i + 1}/${items.length}) Installing ${p}\n`));
  out += `Executing busybox-1.36.1-r29.trigger\nOK: ${12 + items.length} MiB in ${14 + items.length} packages\n`;
  ctx.box.install(names.flatMap((n) => APK[n].tools));
  return { stdout: out, stderr: '', code: 0 };
}
