/**
 * The DNS tools a pod or node may have: bind9's nslookup, dig and host (9.18.49, Debian's
 * dnsutils), BusyBox nslookup ≥1.29 (own resolver) and BusyBox 1.28 nslookup (libc resolver), with
 * the bytes, streams and exit codes of spec/tool-outputs.md §3-4.
 *
 * Values that vary in reality are fixed: dig's `Query time` is 0 msec, `WHEN` is the cluster
 * clock (UTC), the message id comes from the cluster's seeded random source.
 *
 * Observed quirks reproduced on purpose:
 * - bind9 nslookup prints `;; Got recursion not available from <server>` once per reply without
 *   RA (before the header for the A lookups, after the answer for the AAAA one), but none when the
 *   server was given on the command line; after an A answer that came through a CNAME, the AAAA
 *   follow-up prints nothing. A reverse lookup prints no Server/Address header.
 * - BusyBox ≥1.29 applies search domains only to dot-less names, asks A and AAAA per name, prints
 *   every reply and exits 1 if any reply was an error.
 * - dig ignores the search list unless +search and exits 0 for any reply, 9 when no server answered.
 */
import type { Program, ProgramContext, ProgramResult } from '../contracts.js';
import { fqdn, isIPv4, messageSize, reverseName, stripDot, type DnsRecord, type DnsReply, type QType } from './coredns.js';
import { exchange, lookupHost, resolverConf, reverseLookup, searchCandidates, type Exchange } from './resolver.js';

const BIND_VERSION = '9.18.49-1~deb12u3-Debian';
const QTYPES: QType[] = ['A', 'AAAA', 'SRV', 'PTR', 'CNAME', 'TXT', 'ANY', 'MX', 'NS', 'SOA'];

function parseQType(s: string): QType | undefined {
  const up = s.toUpperCase();
  return (QTYPES as string[]).includes(up) ? (up as QType) : undefined;
}

function result(stdout: string, code: number, stderr = ''): ProgramResult {
  return { stdout, stderr, code };
}

function ask(ctx: ProgramContext, server: string, qname: string, qtype: QType): Exchange {
  const ex = exchange(ctx.cluster, ctx.from, server, qname, qtype);
  ctx.trace.push(...ex.trace);
  return ex;
}

/** The server to use: an explicit address (or a name, resolved first), else resolv.conf's first nameserver. */
function pickServer(ctx: ProgramContext, explicit: string | undefined): { server?: string; error?: string } {
  if (explicit === undefined) {
    const ns = resolverConf(ctx.cluster, ctx.from).nameservers[0];
    return ns ? { server: ns } : { error: 'no nameserver in /etc/resolv.conf' };
  }
  if (isIPv4(explicit)) return { server: explicit };
  const r = lookupHost(ctx.cluster, ctx.from, explicit);
  ctx.trace.push(...r.trace);
  return r.addresses[0] ? { server: r.addresses[0] } : { error: `couldn't get address for '${explicit}': not found` };
}

function soaParts(data: string): string[] {
  return data.split(' ');
}

// ---------------------------------------------------------------------------------------------
// bind9 nslookup

function bind9Record(rec: DnsRecord): string {
  const o = stripDot(rec.name);
  switch (rec.type) {
    case 'A':
    case 'AAAA':
      return `Name:\t${o}\nAddress: ${rec.data}\n`;
    case 'CNAME':
      return `${o}\tcanonical name = ${rec.data}\n`;
    case 'PTR':
      return `${o}\tname = ${rec.data}\n`;
    case 'SRV':
      return `${o}\tservice = ${rec.data}\n`;
    case 'TXT':
      return `${o}\ttext = ${rec.data}\n`;
    case 'MX':
      return `${o}\tmail exchanger = ${rec.data}\n`;
    case 'NS':
      return `${o}\tnameserver = ${rec.data}\n`;
    case 'SOA': {
      const p = soaParts(rec.data);
      return `${o}\n\torigin = ${p[0]}\n\tmail addr = ${p[1]}\n\tserial = ${p[2]}\n\trefresh = ${p[3]}\n\tretry = ${p[4]}\n\texpire = ${p[5]}\n\tminimum = ${p[6]}\n`;
    }
  }
}

function commErrors(server: string, error: 'refused' | 'timeout', tries: number): string {
  return `;; communications error to ${server}#53: ${error === 'refused' ? 'connection refused' : 'timed out'}\n`.repeat(Math.max(1, tries));
}

function nslookupOne(ctx: ProgramContext, host: string, explicitServer: string | undefined, qtypeOpt: QType | undefined, retry: number): ProgramResult {
  const picked = pickServer(ctx, explicitServer);
  if (!picked.server) return result(`;; ${picked.error}\n`, 1);
  const S = picked.server;
  const raLine = `;; Got recursion not available from ${S}\n`;
  const quiet = explicitServer !== undefined;
  const reverse = isIPv4(host) && (!qtypeOpt || qtypeOpt === 'PTR');
  const qtype: QType = reverse ? 'PTR' : qtypeOpt ?? 'A';
  const conf = resolverConf(ctx.cluster, ctx.from);
  const candidates = reverse ? [reverseName(host)] : searchCandidates(host, conf);
  const header = reverse ? '' : `Server:\t\t${S}\nAddress:\t${S}#53\n\n`;
  let pre = '';
  let final: DnsReply | undefined;
  for (const cand of candidates) {
    const ex = ask(ctx, S, cand, qtype);
    if (!ex.ok) return result(`${commErrors(S, ex.error, retry)};; no servers could be reached\n\n`, 1);
    const r = ex.reply;
    if (!quiet && !r.ra) pre += raLine;
    final = r;
    if (r.rcode === 'SERVFAIL') {
      pre += `;; Got SERVFAIL reply from ${S}\n`;
      break;
    }
    if (r.rcode !== 'NXDOMAIN') break;
  }
  if (!final) return result(`${header}** server can't find ${host}: NXDOMAIN\n\n`, 1);
  const shown = reverse ? stripDot(candidates[0]) : host;
  if (final.rcode !== 'NOERROR') return result(`${pre}${header}** server can't find ${shown}: ${final.rcode}\n\n`, 1);

  const wanted = (rec: DnsRecord) => rec.type === qtype || (rec.type === 'CNAME' && qtype !== 'CNAME') || qtype === 'ANY';
  const recs = final.answers.filter(wanted);
  let body = '';
  let post = '';
  const hasAnswer = recs.some((r) => r.type === qtype || qtype === 'ANY');
  if (recs.length) {
    if (!final.aa) body += 'Non-authoritative answer:\n';
    for (const rec of recs) body += bind9Record(rec);
  }
  let aaaaFound = false;
  if (!qtypeOpt && !reverse && !final.answers.some((r) => r.type === 'CNAME')) {
    // The AAAA follow-up for the name that answered.
    const ex = ask(ctx, S, final.qname, 'AAAA');
    if (ex.ok) {
      if (!quiet && !ex.reply.ra) post += raLine;
      const six = ex.reply.answers.filter((r) => r.type === 'AAAA');
      aaaaFound = six.length > 0;
      for (const rec of six) body += bind9Record(rec);
    }
  }
  if (!hasAnswer && !aaaaFound) body = `*** Can't find ${shown}: No answer\n`;
  return result(`${pre}${header}${body}${post}\n`, 0);
}

function parseBindNslookupArgs(argv: string[]): { args: string[]; qtype?: QType; retry: number; out: string; version: boolean; badType?: string } {
  const args: string[] = [];
  let qtype: QType | undefined;
  let retry = 3;
  let out = '';
  let version = false;
  let badType: string | undefined;
  for (const a of argv.slice(1)) {
    if (a.startsWith('-') && a.length > 1) {
      const [k, v] = a.slice(1).split('=', 2);
      const key = k.toLowerCase();
      if (key === 'version') version = true;
      else if (v !== undefined && ['type', 'ty', 'querytype', 'query', 'q', 'qu', 't'].includes(key)) {
        const t = parseQType(v);
        if (t) qtype = t;
        else badType = v;
      } else if (key === 'retry' && v !== undefined) retry = Math.max(1, Number(v) || 1);
      else if (['timeout', 'port', 'domain', 'ndots', 'class', 'cl', 'srchlist'].includes(key) && v !== undefined) {
        /* accepted, no effect in the simulation */
      } else if (['debug', 'nodebug', 'd2', 'nod2', 'search', 'nosearch', 'recurse', 'norecurse', 'vc', 'novc', 'fail', 'nofail', 'defname', 'nodefname', 'sil', 'silent'].includes(key)) {
        /* accepted */
      } else out += `*** Invalid option: ${a.slice(1)}\n`;
    } else args.push(a);
  }
  return { args, qtype, retry, out, version, badType };
}

/** bind9 nslookup 9.18. */
export const nslookupBind9: Program = (argv, ctx) => {
  const p = parseBindNslookupArgs(argv);
  if (p.version) return result(`nslookup ${BIND_VERSION}\n`, 0);
  if (p.badType) return result(`${p.out}unknown query type: ${p.badType}\n`, 1);
  if (p.args.length === 0 || p.args[0] === '-') {
    // Interactive mode: one lookup per line of stdin, each after a `> ` prompt.
    let stdout = p.out;
    let code = 0;
    const server = p.args[1];
    for (const raw of ctx.stdin.split('\n')) {
      const line = raw.trim();
      stdout += '> ';
      if (!line) continue;
      if (line === 'exit') return result(stdout, code);
      const r = nslookupOne(ctx, line.split(/\s+/)[0], server, p.qtype, p.retry);
      stdout += r.stdout;
      code = r.code;
    }
    if (!stdout.endsWith('> ')) stdout += '> ';
    return result(stdout, 0);
  }
  const r = nslookupOne(ctx, p.args[0], p.args[1], p.qtype, p.retry);
  return result(p.out + r.stdout, r.code);
};

// ---------------------------------------------------------------------------------------------
// BusyBox nslookup ≥1.29

const BUSYBOX_USAGE =
  'BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n\nQuery DNS about HOST\n\nQUERY_TYPE: soa,ns,a,aaaa,cname,mx,txt,ptr,srv,any\n';

function busyboxRecord(rec: DnsRecord): string {
  const o = stripDot(rec.name);
  switch (rec.type) {
    case 'A':
    case 'AAAA':
      return `Name:\t${o}\nAddress: ${rec.data}\n`;
    case 'CNAME':
      return `${o}\tcanonical name = ${stripDot(rec.data)}\n`;
    case 'PTR':
      return `${o}\tname = ${stripDot(rec.data)}\n`;
    case 'SRV': {
      const [prio, w, port, target] = rec.data.split(' ');
      return `${o}\tservice = ${prio} ${w} ${port} ${stripDot(target)}\n`;
    }
    case 'TXT':
      return `${o}\ttext = ${rec.data}\n`;
    case 'MX': {
      const [pref, host] = rec.data.split(' ');
      return `${o}\tmail exchanger = ${pref} ${stripDot(host)}\n`;
    }
    case 'NS':
      return `${o}\tnameserver = ${stripDot(rec.data)}\n`;
    case 'SOA': {
      const p = soaParts(rec.data);
      return `${o}\n\torigin = ${stripDot(p[0])}\n\tmail addr = ${stripDot(p[1])}\n\tserial = ${p[2]}\n\trefresh = ${p[3]}\n\tretry = ${p[4]}\n\texpire = ${p[5]}\n\tminimum = ${p[6]}\n`;
    }
  }
}

/** BusyBox nslookup 1.29+ (1.35/1.36 byte-identical). */
export const nslookupBusybox: Program = (argv, ctx) => {
  const args: string[] = [];
  let qtype: QType | undefined;
  for (const a of argv.slice(1)) {
    const m = /^-(?:type|query|querytype|q|t)=(.*)$/i.exec(a);
    if (m) {
      const t = parseQType(m[1]);
      if (!t) return result('', 1, `nslookup: invalid query type "${m[1]}"\n`);
      qtype = t;
    } else if (/^-(debug|retry=.*|timeout=.*|port=.*|stats)$/.test(a)) {
      /* accepted */
    } else if (a.startsWith('-') && a.length > 1) return result('', 1, BUSYBOX_USAGE);
    else args.push(a);
  }
  if (args.length < 1 || args.length > 2) return result('', 1, BUSYBOX_USAGE);
  const host = args[0];
  const picked = pickServer(ctx, args[1]);
  if (!picked.server) return result('', 1, `nslookup: bad address '${args[1]}'\n`);
  const S = picked.server;
  const conf = resolverConf(ctx.cluster, ctx.from);
  const queries: [string, QType][] = [];
  if (isIPv4(host) && (!qtype || qtype === 'PTR')) queries.push([reverseName(host), 'PTR']);
  else {
    const names = !host.includes('.') && conf.search.length ? conf.search.map((d) => `${host}.${d}`) : [host];
    for (const t of qtype ? [qtype] : (['A', 'AAAA'] as QType[])) for (const n of names) queries.push([n, t]);
  }
  let out = `Server:\t\t${S}\nAddress:\t${S}:53\n\n`;
  let code = 0;
  for (const [name, t] of queries) {
    const ex = ask(ctx, S, name, t);
    if (!ex.ok) {
      return result(';; connection timed out; no servers could be reached\n\n', 1, ex.error === 'refused' ? `nslookup: write to '${S}': Connection refused\n` : '');
    }
    const r = ex.reply;
    if (r.rcode !== 'NOERROR') {
      out += `** server can't find ${stripDot(name)}: ${r.rcode}\n\n`;
      code = 1;
      continue;
    }
    if (!r.aa) out += 'Non-authoritative answer:\n';
    for (const rec of r.answers) if (rec.type === t || rec.type === 'CNAME' || t === 'ANY') out += busyboxRecord(rec);
    out += '\n';
  }
  return result(out, code);
};

// ---------------------------------------------------------------------------------------------
// BusyBox 1.28 nslookup (libc resolver)

const BUSYBOX128_USAGE =
  'BusyBox v1.28.4 (2018-05-22 17:00:17 UTC) multi-call binary.\n\nUsage: nslookup [HOST] [SERVER]\n\nQuery the nameserver for the IP address of the given HOST\noptionally using a specified DNS server\n';

function pad10(label: string): string {
  return label.padEnd(10, ' ') + ' ';
}

/** BusyBox 1.28.4 nslookup: getaddrinfo with the normal search list, reverse names per address. */
export const nslookupBusybox128: Program = (argv, ctx) => {
  const args = argv.slice(1);
  if (args.length < 1 || args.length > 2 || args[0].startsWith('-')) return result('', 1, BUSYBOX128_USAGE);
  const host = args[0];
  const picked = pickServer(ctx, args[1]);
  if (!picked.server) return result('', 1, `nslookup: can't resolve '${args[1]}'\n`);
  const S = picked.server;
  const explicit = args[1] !== undefined ? { server: S } : {};
  const serverName = reverseLookup(ctx.cluster, ctx.from, S, explicit);
  let out = `${pad10('Server:')}${S}\n${pad10('Address 1:')}${S}${serverName ? ` ${serverName}` : ''}\n\n`;
  const r = lookupHost(ctx.cluster, ctx.from, host, explicit);
  ctx.trace.push(...r.trace);
  if (!r.addresses.length) return result(out, 1, `nslookup: can't resolve '${host}'\n`);
  out += `${pad10('Name:')}${host}\n`;
  r.addresses.forEach((ip, i) => {
    const name = reverseLookup(ctx.cluster, ctx.from, ip, explicit);
    out += `${pad10(`Address ${i + 1}:`)}${ip}${name ? ` ${name}` : ''}\n`;
  });
  return result(out, 0);
};

// ---------------------------------------------------------------------------------------------
// dig

const DIG_USAGE =
  'Usage:  dig [@global-server] [domain] [q-type] [q-class] {q-opt}\n            {global-d-opt} host [@local-server] {local-d-opt}\n            [ host [@local-server] {local-d-opt} [...]]\n\nUse "dig -h" (or "dig -h | more") for complete list of options\n';

/** Whitespace from column `c` to tab stop `t` (BIND masterdump indent rule). Returns [text, newColumn]. */
function indent(c: number, t: number): [string, number] {
  const tt = Math.max(t, c + 1);
  const tabs = Math.floor(tt / 8) - Math.floor(c / 8);
  if (tabs > 0) return ['\t'.repeat(tabs) + ' '.repeat(tt % 8), tt];
  return [' '.repeat(tt - c), tt];
}

/** One record in dig's presentation format. */
export function digRecordLine(rec: DnsRecord): string {
  let line = rec.name;
  let col = line.length;
  for (const [field, stop] of [
    [String(rec.ttl), 24],
    ['IN', 32],
    [rec.type, 40],
    [rec.data, 48],
  ] as [string, number][]) {
    const [ws, c] = indent(col, stop);
    line += ws + field;
    col = c + field.length;
  }
  return line;
}

function digQuestionLine(qname: string, qtype: string): string {
  let line = qname;
  let col = qname.length;
  for (const [field, stop] of [
    ['IN', 32],
    [qtype, 40],
  ] as [string, number][]) {
    const [ws, c] = indent(col, stop);
    line += ws + field;
    col = c + field.length;
  }
  return `;${line}`;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function digWhen(d: Date): string {
  const p2 = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

interface DigFlags {
  cmd: boolean;
  comments: boolean;
  question: boolean;
  answer: boolean;
  authority: boolean;
  additional: boolean;
  stats: boolean;
  short: boolean;
  search: boolean;
  tries: number;
  tcp: boolean;
}

/** bind9 dig 9.18. */
export const dig: Program = (argv, ctx) => {
  const f: DigFlags = { cmd: true, comments: true, question: true, answer: true, authority: true, additional: true, stats: true, short: false, search: false, tries: 3, tcp: false };
  let server: string | undefined;
  let name: string | undefined;
  let qtype: QType | undefined;
  let reverse: string | undefined;
  const args = argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith('@')) server = a.slice(1);
    else if (a.startsWith('+')) {
      const m = /^\+(no)?([a-z]+)(?:=(.*))?$/i.exec(a);
      const neg = !!m?.[1];
      const opt = m?.[2]?.toLowerCase() ?? '';
      const val = m?.[3];
      const sections: (keyof DigFlags)[] = ['cmd', 'comments', 'question', 'answer', 'authority', 'additional', 'stats'];
      if (opt === 'all') for (const s of sections) (f as unknown as Record<string, boolean>)[s] = !neg;
      else if ((sections as string[]).includes(opt)) (f as unknown as Record<string, boolean>)[opt] = !neg;
      else if (opt === 'short') f.short = !neg;
      else if (opt === 'search') f.search = !neg;
      else if (opt === 'tcp' || opt === 'vc') f.tcp = !neg;
      else if (opt === 'tries' && val) f.tries = Math.max(1, Number(val) || 1);
      else if (opt === 'retry' && val) f.tries = Math.max(1, (Number(val) || 0) + 1);
      else if (['time', 'ndots', 'bufsize', 'timeout'].includes(opt) && val !== undefined) {
        /* accepted */
      } else if (['recurse', 'cookie', 'edns', 'dnssec', 'ttlid', 'class', 'identify', 'multiline', 'showsearch', 'trace', 'ignore', 'fail', 'besteffort', 'nssearch'].includes(opt)) {
        /* accepted, not simulated */
      } else return result('', 1, `Invalid option: ${a}\n${DIG_USAGE}`);
    } else if (a === '-x' && args[i + 1] !== undefined) reverse = args[++i];
    else if ((a === '-t' || a === '-q' || a === '-c' || a === '-p' || a === '-b' || a === '-f' || a === '-k' || a === '-y') && args[i + 1] !== undefined) {
      const v = args[++i];
      if (a === '-t') {
        const t = parseQType(v);
        if (!t) return result('', 1, `;; Warning, ignoring invalid type ${v}\n`);
        qtype = t;
      } else if (a === '-q') name = v;
    } else if (a === '-v') return result('', 0, `DiG ${BIND_VERSION}\n`);
    else if (a === '-h') return result(DIG_USAGE, 0);
    else if (a === '-4' || a === '-6' || a === '-u' || a === '-m' || a === '-r') {
      /* accepted */
    } else if (a.startsWith('-')) return result('', 1, `Invalid option: ${a}\n${DIG_USAGE}`);
    else if (parseQType(a) && qtype === undefined) qtype = parseQType(a);
    else if (a.toUpperCase() === 'IN') {
      /* class */
    } else if (name === undefined) name = a;
  }
  let qname: string;
  if (reverse !== undefined) {
    if (!isIPv4(reverse)) return result('', 10, `dig: '${reverse}' is not a legal IPv4 address\n`);
    qname = reverseName(reverse);
    qtype ??= 'PTR';
  } else if (name === undefined) {
    qname = '.';
    qtype ??= 'NS';
  } else qname = name.endsWith('.') ? name : `${name}.`;
  const type: QType = qtype ?? 'A';
  const picked = pickServer(ctx, server);
  if (!picked.server) return result('', 10, `dig: ${picked.error}\n`);
  const S = picked.server;
  const echo = `; <<>> DiG ${BIND_VERSION} <<>> ${args.join(' ')}\n${server !== undefined ? '; (1 server found)\n' : ''}`;

  let names = [qname];
  if (f.search && name !== undefined && reverse === undefined && !name.endsWith('.')) names = searchCandidates(name, resolverConf(ctx.cluster, ctx.from));
  let r: DnsReply | undefined;
  for (const n of names) {
    const ex = ask(ctx, S, n, type);
    if (!ex.ok) {
      const errs = commErrors(S, ex.error, f.tries);
      if (f.short) return result(`${errs};; no servers could be reached\n`, 9);
      return result(`${errs}${f.cmd ? `\n${echo};; global options: +cmd\n` : ''};; no servers could be reached\n`, 9);
    }
    r = ex.reply;
    if (r.rcode !== 'NXDOMAIN') break;
  }
  const reply = r!;
  if (f.short) {
    return result(reply.answers.map((a) => `${a.data}\n`).join(''), 0);
  }
  let out = '';
  if (f.cmd) out += `\n${echo};; global options: +cmd\n`;
  if (f.comments) {
    out += ';; Got answer:\n';
    if (fqdn(reply.qname).endsWith('.local.')) out += ';; WARNING: .local is reserved for Multicast DNS\n;; You are currently testing what happens when an mDNS query is leaked to DNS\n';
    const id = ctx.cluster.random.int(65536);
    const flags = ['qr', ...(reply.aa ? ['aa'] : []), 'rd', ...(reply.ra ? ['ra'] : [])].join(' ');
    out += `;; ->>HEADER<<- opcode: QUERY, status: ${reply.rcode}, id: ${id}\n`;
    out += `;; flags: ${flags}; QUERY: 1, ANSWER: ${reply.answers.length}, AUTHORITY: ${reply.authority.length}, ADDITIONAL: ${reply.additional.length + 1}\n`;
    if (!reply.ra) out += ';; WARNING: recursion requested but not available\n';
    out += '\n;; OPT PSEUDOSECTION:\n; EDNS: version: 0, flags:; udp: 1232\n';
  }
  const section = (title: string, recs: DnsRecord[]) => {
    if (!recs.length) return '';
    return `${f.comments ? `;; ${title} SECTION:\n` : ''}${recs.map((x) => `${digRecordLine(x)}\n`).join('')}${f.comments ? '\n' : ''}`;
  };
  if (f.question) out += `${f.comments ? ';; QUESTION SECTION:\n' : ''}${digQuestionLine(reply.qname, type)}\n${f.comments ? '\n' : ''}`;
  if (f.answer) out += section('ANSWER', reply.answers);
  if (f.authority) out += section('AUTHORITY', reply.authority);
  if (f.additional) out += section('ADDITIONAL', reply.additional);
  if (f.stats) {
    out += `;; Query time: 0 msec\n;; SERVER: ${S}#53(${S}) (${f.tcp ? 'TCP' : 'UDP'})\n;; WHEN: ${digWhen(ctx.cluster.now())}\n;; MSG SIZE  rcvd: ${messageSize(reply)}\n\n`;
  }
  return result(out, 0);
};

// ---------------------------------------------------------------------------------------------
// host

const HOST_USAGE = `Usage: host [-aCdilrTvVw] [-c class] [-N ndots] [-t type] [-W time]
            [-R number] [-m flag] [-p port] hostname [server]
       -a is equivalent to -v -t ANY
       -A is like -a but omits RRSIG, NSEC, NSEC3
       -c specifies query class for non-IN data
       -C compares SOA records on authoritative nameservers
       -d is equivalent to -v
       -l lists all hosts in a domain, using AXFR
       -m set memory debugging flag (trace|record|usage)
       -N changes the number of dots allowed before root lookup is done
       -p specifies the port on the server to query
       -r disables recursive processing
       -R specifies number of retries for UDP packets
       -s a SERVFAIL response should stop query
       -t specifies the query type
       -T enables TCP/IP mode
       -U enables UDP mode
       -v enables verbose output
       -V print version number and exit
       -w specifies to wait forever for a reply
       -W specifies how long to wait for a reply
       -4 use IPv4 query transport only
       -6 use IPv6 query transport only
`;

function hostRecord(rec: DnsRecord): string {
  const o = stripDot(rec.name);
  switch (rec.type) {
    case 'A':
      return `${o} has address ${rec.data}\n`;
    case 'AAAA':
      return `${o} has IPv6 address ${rec.data}\n`;
    case 'CNAME':
      return `${o} is an alias for ${rec.data}\n`;
    case 'MX':
      return `${o} mail is handled by ${rec.data}\n`;
    case 'PTR':
      return `${o} domain name pointer ${rec.data}\n`;
    case 'SRV':
      return `${o} has SRV record ${rec.data}\n`;
    case 'TXT':
      return `${o} descriptive text ${rec.data}\n`;
    case 'NS':
      return `${o} name server ${rec.data}\n`;
    case 'SOA':
      return `${o} has SOA record ${rec.data}\n`;
  }
}

const RCODE_NUM: Record<string, number> = { NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3, REFUSED: 5 };

/** bind9 host 9.18. */
export const host: Program = (argv, ctx) => {
  const args: string[] = [];
  let qtype: QType | undefined;
  let retries = 1;
  let ndots: number | undefined;
  const a = argv.slice(1);
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    if (x === '-V') return result('', 0, `host ${BIND_VERSION}\n`);
    if (x === '-t' || x === '-W' || x === '-R' || x === '-N' || x === '-c' || x === '-m' || x === '-p') {
      const v = a[++i];
      if (v === undefined) return result('', 1, HOST_USAGE);
      if (x === '-t') {
        const t = parseQType(v);
        if (!t) return result('', 1, `host: invalid type: ${v}\n`);
        qtype = t;
      } else if (x === '-R') retries = Math.max(0, Number(v) || 0);
      else if (x === '-N') ndots = Number(v) || 0;
    } else if (x === '-a') qtype = 'ANY';
    else if (/^-[46CdilrsTUvw]+$/.test(x)) {
      /* accepted */
    } else if (x.startsWith('-')) return result('', 1, HOST_USAGE);
    else args.push(x);
  }
  if (args.length < 1 || args.length > 2) return result('', 1, HOST_USAGE);
  const name = args[0];
  const picked = pickServer(ctx, args[1]);
  if (!picked.server) return result('', 1, `host: ${picked.error}\n`);
  const S = picked.server;
  let out = args[1] !== undefined ? `Using domain server:\nName: ${args[1]}\nAddress: ${S}#53\nAliases: \n\n` : '';
  const reverse = isIPv4(name);
  const conf = resolverConf(ctx.cluster, ctx.from);
  const candidates = reverse ? [reverseName(name)] : searchCandidates(name, { search: conf.search, ndots: ndots ?? conf.ndots });
  const types: QType[] = qtype ? [qtype] : reverse ? ['PTR'] : ['A', 'AAAA', 'MX'];
  const unreachable = (error: 'refused' | 'timeout') => result(`${commErrors(S, error, retries + 1)};; no servers could be reached\n`, 1);

  let first: DnsReply | undefined;
  for (const cand of candidates) {
    const ex = ask(ctx, S, cand, types[0]);
    if (!ex.ok) return unreachable(ex.error);
    first = ex.reply;
    if (first.rcode !== 'NXDOMAIN') break;
  }
  const reply = first!;
  if (reply.rcode !== 'NOERROR') {
    const shown = reverse ? reverseName(name) : name;
    return result(`${out}Host ${shown} not found: ${RCODE_NUM[reply.rcode] ?? 2}(${reply.rcode})\n`, 1);
  }
  const aliases = new Set<string>();
  const print = (r: DnsReply, t: QType) => {
    let any = false;
    for (const rec of r.answers) {
      if (rec.type === 'CNAME') {
        if (t === 'CNAME') any = true;
        const k = `${rec.name} ${rec.data}`;
        if (aliases.has(k)) continue;
        aliases.add(k);
        out += hostRecord(rec);
      } else if (rec.type === t || t === 'ANY') {
        any = true;
        out += hostRecord(rec);
      }
    }
    if (!any && qtype) out += `${stripDot(r.qname)} has no ${t} record\n`;
  };
  print(reply, types[0]);
  for (const t of types.slice(1)) {
    const ex = ask(ctx, S, reply.qname, t);
    if (!ex.ok) return unreachable(ex.error);
    if (ex.reply.rcode === 'NOERROR') print(ex.reply, t);
  }
  return result(out, 0);
};
