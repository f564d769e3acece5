/** Byte-for-byte vectors of spec/tool-outputs.md §3-4, with 127.0.0.10 → 10.96.0.10. */
import { describe, expect, it } from 'vitest';
import { dig, host, nslookupBind9, nslookupBusybox, nslookupBusybox128 } from '../../../src/network/dns/programs.js';
import type { Program } from '../../../src/network/contracts.js';
import { ctxFor, dnsCluster, endpointIPs } from './fixture.js';

const { cluster, from } = dnsCluster();
const run = (p: Program, line: string) => {
  const ctx = ctxFor(cluster, from);
  const r = p(line.split(' '), ctx);
  return { ...r, trace: ctx.trace };
};
const RA = ';; Got recursion not available from 10.96.0.10\n';
const HDR = 'Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\n';
const BB = 'Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n';
const web = endpointIPs(cluster, 'default', 'headless');

describe('bind9 nslookup 9.18 (tool-outputs §3.1)', () => {
  it('nslookup my-svc', () => {
    const r = run(nslookupBind9, 'nslookup my-svc');
    expect(r).toMatchObject({ code: 0, stderr: '', stdout: `${RA}${HDR}Name:\tmy-svc.default.svc.cluster.local\nAddress: 10.96.45.12\n${RA}\n` });
    expect(r.trace.length).toBeGreaterThan(0);
  });

  it('a 4-dot FQDN: 3 NXDOMAIN search tries first', () => {
    expect(run(nslookupBind9, 'nslookup my-svc.default.svc.cluster.local').stdout).toBe(`${RA.repeat(4)}${HDR}Name:\tmy-svc.default.svc.cluster.local\nAddress: 10.96.45.12\n${RA}\n`);
    expect(run(nslookupBind9, 'nslookup my-svc.default.svc.cluster.local.').stdout).toBe(`${RA}${HDR}Name:\tmy-svc.default.svc.cluster.local\nAddress: 10.96.45.12\n${RA}\n`);
  });

  it('kubernetes.default and other-namespace names', () => {
    expect(run(nslookupBind9, 'nslookup kubernetes.default').stdout).toBe(`${RA.repeat(2)}${HDR}Name:\tkubernetes.default.svc.cluster.local\nAddress: 10.96.0.1\n${RA}\n`);
  });

  it('headless: one Name/Address pair per IP', () => {
    const r = run(nslookupBind9, 'nslookup headless');
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith(`${RA}${HDR}`)).toBe(true);
    expect(r.stdout.endsWith(`${RA}\n`)).toBe(true);
    const ips = [...r.stdout.matchAll(/Name:\theadless\.default\.svc\.cluster\.local\nAddress: (\S+)\n/g)].map((m) => m[1]);
    expect(ips.sort()).toEqual(web);
  });

  it('ExternalName my-service.prod (267 bytes as observed with 127.0.0.10)', () => {
    const r = run(nslookupBind9, 'nslookup my-service.prod');
    expect(r).toMatchObject({ code: 0, stdout: `${RA.repeat(2)}${HDR}my-service.prod.svc.cluster.local\tcanonical name = my.database.example.com.\nName:\tmy.database.example.com\nAddress: 203.0.113.10\n\n` });
    expect(r.stdout.length).toBe(267);
  });

  it('CNAME to a missing target', () => {
    expect(run(nslookupBind9, 'nslookup ext-missing.prod.svc.cluster.local')).toMatchObject({ code: 1, stdout: `${RA.repeat(4)}${HDR}** server can't find ext-missing.prod.svc.cluster.local: NXDOMAIN\n\n` });
  });

  it('forwarded name: Non-authoritative answer', () => {
    expect(run(nslookupBind9, 'nslookup example.com')).toMatchObject({ code: 0, stdout: `${RA.repeat(3)}${HDR}Non-authoritative answer:\nName:\texample.com\nAddress: 203.0.113.50\n\n` });
  });

  it('NXDOMAIN: the name as typed, exit 1', () => {
    expect(run(nslookupBind9, 'nslookup nosuch-svc')).toMatchObject({ code: 1, stdout: `${RA.repeat(3)}${HDR}** server can't find nosuch-svc: NXDOMAIN\n\n`, stderr: '' });
  });

  it('explicit server: no RA lines', () => {
    expect(run(nslookupBind9, 'nslookup my-svc 10.96.0.10')).toMatchObject({ code: 0, stdout: `${HDR}Name:\tmy-svc.default.svc.cluster.local\nAddress: 10.96.45.12\n\n` });
  });

  it('-type=aaaa NODATA, -type=srv, reverse, reverse NXDOMAIN, SERVFAIL', () => {
    expect(run(nslookupBind9, 'nslookup -type=aaaa my-svc.default.svc.cluster.local')).toMatchObject({ code: 0, stdout: `${RA.repeat(4)}${HDR}*** Can't find my-svc.default.svc.cluster.local: No answer\n\n` });
    expect(run(nslookupBind9, 'nslookup -type=srv _http._tcp.my-svc.default.svc.cluster.local.').stdout).toBe(`${RA}${HDR}_http._tcp.my-svc.default.svc.cluster.local\tservice = 0 100 80 my-svc.default.svc.cluster.local.\n\n`);
    expect(run(nslookupBind9, 'nslookup 10.96.45.12')).toMatchObject({ code: 0, stdout: `${RA}12.45.96.10.in-addr.arpa\tname = my-svc.default.svc.cluster.local.\n\n` });
    expect(run(nslookupBind9, 'nslookup 10.96.99.99')).toMatchObject({ code: 1, stdout: `${RA}** server can't find 99.99.96.10.in-addr.arpa: NXDOMAIN\n\n` });
    expect(run(nslookupBind9, 'nslookup servfail.example.org')).toMatchObject({ code: 1, stdout: `${RA.repeat(3)};; Got SERVFAIL reply from 10.96.0.10\n${HDR}** server can't find servfail.example.org: SERVFAIL\n\n` });
  });

  it('unreachable servers: connection refused ×3 / timed out per retry', () => {
    const refused = ';; communications error to 192.168.49.3#53: connection refused\n';
    expect(run(nslookupBind9, 'nslookup my-svc 192.168.49.3')).toMatchObject({ code: 1, stdout: `${refused.repeat(3)};; no servers could be reached\n\n` });
    expect(run(nslookupBind9, 'nslookup -timeout=1 -retry=1 my-svc 10.1.2.3')).toMatchObject({ code: 1, stdout: ';; communications error to 10.1.2.3#53: timed out\n;; no servers could be reached\n\n' });
  });
});

describe('BusyBox nslookup ≥1.29 (tool-outputs §3.2)', () => {
  it('nslookup my-svc: search domains, A then AAAA per domain, exit 1 (326 bytes)', () => {
    const r = run(nslookupBusybox, 'nslookup my-svc');
    const nx = (n: string) => `** server can't find ${n}: NXDOMAIN\n\n`;
    expect(r).toMatchObject({
      code: 1,
      stderr: '',
      stdout: `${BB}Name:\tmy-svc.default.svc.cluster.local\nAddress: 10.96.45.12\n\n${nx('my-svc.svc.cluster.local')}${nx('my-svc.cluster.local')}\n${nx('my-svc.svc.cluster.local')}${nx('my-svc.cluster.local')}`,
    });
    expect(r.stdout.length).toBe(326);
  });

  it('an FQDN: exit 0, the empty AAAA block', () => {
    expect(run(nslookupBusybox, 'nslookup my-svc.default.svc.cluster.local')).toMatchObject({ code: 0, stdout: `${BB}Name:\tmy-svc.default.svc.cluster.local\nAddress: 10.96.45.12\n\n\n` });
  });

  it('svc.ns gotcha: kubernetes.default is queried literally and fails', () => {
    expect(run(nslookupBusybox, 'nslookup kubernetes.default')).toMatchObject({ code: 1, stdout: `${BB}** server can't find kubernetes.default: NXDOMAIN\n\n** server can't find kubernetes.default: NXDOMAIN\n\n` });
  });

  it('ExternalName: CNAME lines without trailing dot, twice', () => {
    const cn = 'my-service.prod.svc.cluster.local\tcanonical name = my.database.example.com\n';
    expect(run(nslookupBusybox, 'nslookup my-service.prod.svc.cluster.local')).toMatchObject({ code: 0, stdout: `${BB}${cn}Name:\tmy.database.example.com\nAddress: 203.0.113.10\n\n${cn}\n` });
  });

  it('forwarded and NXDOMAIN names', () => {
    expect(run(nslookupBusybox, 'nslookup example.com')).toMatchObject({ code: 0, stdout: `${BB}Non-authoritative answer:\nName:\texample.com\nAddress: 203.0.113.50\n\nNon-authoritative answer:\n\n` });
    const r = run(nslookupBusybox, 'nslookup nosuch-svc');
    expect(r.code).toBe(1);
    expect(r.stdout.length).toBe(418);
  });

  it('PTR, SRV, SERVFAIL', () => {
    expect(run(nslookupBusybox, 'nslookup 10.96.45.12')).toMatchObject({ code: 0, stdout: `${BB}12.45.96.10.in-addr.arpa\tname = my-svc.default.svc.cluster.local\n\n` });
    expect(run(nslookupBusybox, 'nslookup -type=srv _http._tcp.my-svc.default.svc.cluster.local')).toMatchObject({ code: 0, stdout: `${BB}_http._tcp.my-svc.default.svc.cluster.local\tservice = 0 100 80 my-svc.default.svc.cluster.local\n\n` });
    expect(run(nslookupBusybox, 'nslookup servfail.example.org')).toMatchObject({ code: 1, stdout: `${BB}${"** server can't find servfail.example.org: SERVFAIL\n\n".repeat(2)}` });
  });

  it('unreachable server, usage', () => {
    expect(run(nslookupBusybox, 'nslookup my-svc.default.svc.cluster.local 192.168.49.3')).toEqual(expect.objectContaining({ code: 1, stdout: ';; connection timed out; no servers could be reached\n\n', stderr: "nslookup: write to '192.168.49.3': Connection refused\n" }));
    const u = run(nslookupBusybox, 'nslookup');
    expect(u.code).toBe(1);
    expect(u.stderr).toMatch(/^BusyBox v1\.36\.1 \(.*\) multi-call binary\.\n\nUsage: nslookup \[-type=QUERY_TYPE\] \[-debug\] HOST \[DNS_SERVER\]\n\nQuery DNS about HOST\n\nQUERY_TYPE: soa,ns,a,aaaa,cname,mx,txt,ptr,srv,any\n$/);
  });
});

describe('BusyBox 1.28 nslookup (tool-outputs §3.3)', () => {
  const head = 'Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\n';
  it('kubernetes.default resolves through the search list (172 bytes)', () => {
    const r = run(nslookupBusybox128, 'nslookup kubernetes.default');
    expect(r).toMatchObject({ code: 0, stderr: '', stdout: `${head}Name:      kubernetes.default\nAddress 1: 10.96.0.1 kubernetes.default.svc.cluster.local\n` });
    expect(r.stdout.length).toBe(172);
  });

  it('headless: numbered addresses with their endpoint names', () => {
    const r = run(nslookupBusybox128, 'nslookup headless');
    const lines = r.stdout.split('\n').filter((l) => l.startsWith('Address ') && !l.includes('10.96.0.10'));
    expect(lines.map((l) => l.replace(/^Address (\d): (\S+) (\S+)$/, '$1 $3'))).toEqual(lines.map((l, i) => `${i + 1} ${l.split(' ')[2].replace(/\./g, '-')}.headless.default.svc.cluster.local`));
    expect(lines).toHaveLength(3);
  });

  it('failure: stderr can\'t resolve, exit 1', () => {
    expect(run(nslookupBusybox128, 'nslookup nosuch-svc')).toMatchObject({ code: 1, stdout: head, stderr: "nslookup: can't resolve 'nosuch-svc'\n" });
    expect(run(nslookupBusybox128, 'nslookup my-svc 192.168.49.3')).toMatchObject({ code: 1, stdout: 'Server:    192.168.49.3\nAddress 1: 192.168.49.3\n\n', stderr: "nslookup: can't resolve 'my-svc'\n" });
  });

  it('CNAME: the address without a name', () => {
    expect(run(nslookupBusybox128, 'nslookup my-service.prod').stdout).toBe(`${head}Name:      my-service.prod\nAddress 1: 203.0.113.10\n`);
  });
});

describe('dig 9.18 (tool-outputs §4.1)', () => {
  const digOut = (args: string, body: string, size: number) =>
    new RegExp(
      `^\\n; <<>> DiG 9\\.18\\.49-1~deb12u3-Debian <<>> ${args.replace(/[.+]/g, '\\$&')}\\n;; global options: \\+cmd\\n;; Got answer:\\n${body}\\n;; Query time: 0 msec\\n;; SERVER: 10\\.96\\.0\\.10#53\\(10\\.96\\.0\\.10\\) \\(UDP\\)\\n;; WHEN: Thu Nov 26 05:55:57 UTC 2026\\n;; MSG SIZE  rcvd: ${size}\\n\\n$`,
    );
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

  it('dig my-svc.default.svc.cluster.local (741 bytes with 127.0.0.10)', () => {
    const r = run(dig, 'dig my-svc.default.svc.cluster.local');
    const body =
      esc(';; WARNING: .local is reserved for Multicast DNS\n;; You are currently testing what happens when an mDNS query is leaked to DNS\n;; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: ') +
      '\\d+' +
      esc(
        '\n;; flags: qr aa rd; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1\n;; WARNING: recursion requested but not available\n\n;; OPT PSEUDOSECTION:\n; EDNS: version: 0, flags:; udp: 1232\n;; QUESTION SECTION:\n;my-svc.default.svc.cluster.local. IN\tA\n\n;; ANSWER SECTION:\nmy-svc.default.svc.cluster.local. 30 IN\tA\t10.96.45.12\n',
      );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(digOut('my-svc.default.svc.cluster.local', body, 77));
    expect(r.stdout.replace(/id: \d+/, 'id: 14536').length).toBe(741);
  });

  it('NXDOMAIN: AUTHORITY SOA, size 119, exit 0', () => {
    const r = run(dig, 'dig nosuch-svc.default.svc.cluster.local');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('status: NXDOMAIN');
    expect(r.stdout).toContain(';; flags: qr aa rd; QUERY: 1, ANSWER: 0, AUTHORITY: 1, ADDITIONAL: 1\n');
    expect(r.stdout).toContain(';nosuch-svc.default.svc.cluster.local. IN A\n\n;; AUTHORITY SECTION:\ncluster.local.\t\t30\tIN\tSOA\tns.dns.cluster.local. hostmaster.cluster.local. 1700000000 7200 1800 86400 30\n\n');
    expect(r.stdout).toContain('MSG SIZE  rcvd: 119\n');
  });

  it('CNAME, SRV, -x, forwarded, headless', () => {
    const cn = run(dig, 'dig my-service.prod.svc.cluster.local').stdout;
    expect(cn).toContain('ANSWER: 2,');
    expect(cn).toContain('my-service.prod.svc.cluster.local. 30 IN CNAME\tmy.database.example.com.\nmy.database.example.com. 30\tIN\tA\t203.0.113.10\n');
    expect(cn).toContain('MSG SIZE  rcvd: 115\n');
    const srv = run(dig, 'dig SRV _http._tcp.my-svc.default.svc.cluster.local').stdout;
    expect(srv).toContain('ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 2\n');
    expect(srv).toContain(';_http._tcp.my-svc.default.svc.cluster.local. IN\tSRV\n');
    expect(srv).toContain(';; ANSWER SECTION:\n_http._tcp.my-svc.default.svc.cluster.local. 30\tIN SRV 0 100 80 my-svc.default.svc.cluster.local.\n\n;; ADDITIONAL SECTION:\nmy-svc.default.svc.cluster.local. 30 IN\tA\t10.96.45.12\n');
    expect(srv).toContain('MSG SIZE  rcvd: 140\n');
    const x = run(dig, 'dig -x 10.96.45.12').stdout;
    expect(x).not.toContain('.local is reserved');
    expect(x).toContain(';12.45.96.10.in-addr.arpa.\tIN\tPTR\n');
    expect(x).toContain('12.45.96.10.in-addr.arpa. 30\tIN\tPTR\tmy-svc.default.svc.cluster.local.\n');
    const fw = run(dig, 'dig example.com').stdout;
    expect(fw).toContain(';; flags: qr rd ra;');
    expect(fw).not.toContain('WARNING');
    expect(fw).toContain('example.com.\t\t30\tIN\tA\t203.0.113.50\n');
    const h = run(dig, 'dig headless.default.svc.cluster.local').stdout;
    expect(h).toContain('ANSWER: 3,');
    expect(h.match(/^headless\.default\.svc\.cluster\.local\. 30 IN A\t10\.244\.\d+\.\d+$/gm)).toHaveLength(3);
    expect(h).toContain('MSG SIZE  rcvd: 111\n');
  });

  it('dig ignores the search list unless +search', () => {
    const bare = run(dig, 'dig my-svc').stdout;
    expect(bare).toContain('status: NXDOMAIN');
    expect(bare).toContain(';; flags: qr rd ra;');
    expect(run(dig, 'dig +search +short my-svc').stdout).toBe('10.96.45.12\n');
  });

  it('+short', () => {
    expect(run(dig, 'dig +short my-svc.default.svc.cluster.local')).toMatchObject({ code: 0, stdout: '10.96.45.12\n' });
    expect(run(dig, 'dig +short headless.default.svc.cluster.local').stdout.split('\n').filter(Boolean).sort()).toEqual(web);
    expect(run(dig, 'dig +short my-service.prod.svc.cluster.local').stdout).toBe('my.database.example.com.\n203.0.113.10\n');
    expect(run(dig, 'dig +short nosuch-svc.default.svc.cluster.local')).toMatchObject({ code: 0, stdout: '' });
    expect(run(dig, 'dig +short SRV _http._tcp.my-svc.default.svc.cluster.local').stdout).toBe('0 100 80 my-svc.default.svc.cluster.local.\n');
    expect(run(dig, 'dig +short -x 10.96.45.12').stdout).toBe('my-svc.default.svc.cluster.local.\n');
  });

  it('no server reachable: exit 9', () => {
    const refused = ';; communications error to 192.168.49.3#53: connection refused\n';
    expect(run(dig, 'dig @192.168.49.3 my-svc.default.svc.cluster.local')).toMatchObject({
      code: 9,
      stdout: `${refused.repeat(3)}\n; <<>> DiG 9.18.49-1~deb12u3-Debian <<>> @192.168.49.3 my-svc.default.svc.cluster.local\n; (1 server found)\n;; global options: +cmd\n;; no servers could be reached\n`,
    });
    expect(run(dig, 'dig +short +time=1 +tries=1 @10.1.2.3 my-svc.default.svc.cluster.local')).toMatchObject({ code: 9, stdout: ';; communications error to 10.1.2.3#53: timed out\n;; no servers could be reached\n' });
  });

  it('+noall +answer', () => {
    expect(run(dig, 'dig +noall +answer my-svc.default.svc.cluster.local').stdout).toBe('my-svc.default.svc.cluster.local. 30 IN\tA\t10.96.45.12\n');
  });
});

describe('host 9.18 (tool-outputs §4.2)', () => {
  it('vectors', () => {
    expect(run(host, 'host my-svc')).toMatchObject({ code: 0, stdout: 'my-svc.default.svc.cluster.local has address 10.96.45.12\n' });
    expect(run(host, 'host headless').stdout.split('\n').filter(Boolean).map((l) => l.replace(/\S+$/, 'X'))).toEqual(Array(3).fill('headless.default.svc.cluster.local has address X'));
    expect(run(host, 'host my-service.prod.svc.cluster.local').stdout).toBe('my-service.prod.svc.cluster.local is an alias for my.database.example.com.\nmy.database.example.com has address 203.0.113.10\n');
    expect(run(host, 'host ext-missing.prod.svc.cluster.local')).toMatchObject({ code: 1, stdout: 'Host ext-missing.prod.svc.cluster.local not found: 3(NXDOMAIN)\n' });
    expect(run(host, 'host nosuch-svc')).toMatchObject({ code: 1, stdout: 'Host nosuch-svc not found: 3(NXDOMAIN)\n' });
    expect(run(host, 'host 10.96.45.12')).toMatchObject({ code: 0, stdout: '12.45.96.10.in-addr.arpa domain name pointer my-svc.default.svc.cluster.local.\n' });
    expect(run(host, 'host 10.96.99.99')).toMatchObject({ code: 1, stdout: 'Host 99.99.96.10.in-addr.arpa. not found: 3(NXDOMAIN)\n' });
    expect(run(host, 'host -t srv _http._tcp.my-svc.default.svc.cluster.local').stdout).toBe('_http._tcp.my-svc.default.svc.cluster.local has SRV record 0 100 80 my-svc.default.svc.cluster.local.\n');
    expect(run(host, 'host servfail.example.org')).toMatchObject({ code: 1, stdout: 'Host servfail.example.org not found: 2(SERVFAIL)\n' });
    expect(run(host, 'host my-svc.default.svc.cluster.local 10.96.0.10').stdout).toBe('Using domain server:\nName: 10.96.0.10\nAddress: 10.96.0.10#53\nAliases: \n\nmy-svc.default.svc.cluster.local has address 10.96.45.12\n');
    expect(run(host, 'host my-svc.default.svc.cluster.local 192.168.49.3')).toMatchObject({ code: 1, stdout: ';; communications error to 192.168.49.3#53: connection refused\n'.repeat(2) + ';; no servers could be reached\n' });
    expect(run(host, 'host')).toMatchObject({ code: 1, stdout: '' });
  });
});
