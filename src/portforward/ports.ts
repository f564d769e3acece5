/**
 * Port arguments of `port-forward` as kubectl v1.32 reads them (pure):
 *  1. the user's `[LOCAL:]REMOTE` strings are checked against UDP-only ports and translated —
 *     for a Service, service port (number or name) → targetPort → the pod's container port; for
 *     anything else, a named container port → its number (kubectl's portforward.go Complete);
 *  2. the translated strings are parsed into numeric (local, remote) pairs (client-go's
 *     parsePorts), and the `--address` list into listen addresses (parseAddresses).
 * Every error carries kubectl's exact text.
 */
import { isIP } from 'node:net';
import { KubesimError } from '../errors.js';
import type { Pod } from '../controllers/kubelet.js';

export interface ServicePortSpec {
  name?: string;
  port: number;
  protocol?: string;
  targetPort?: number | string;
}

/** The parts of a Service that port translation reads. */
export interface ServiceLike {
  metadata: { name: string };
  spec?: { clusterIP?: string; ports?: ServicePortSpec[] };
}

/** One forwarded port: local (0 = pick a free one) → remote container port. */
export interface ForwardedPort {
  local: number;
  remote: number;
}

/** kubectl's splitPort: `a:b` → (a, b); anything else → (first part, first part). */
export function splitPort(port: string): { local: string; remote: string } {
  const parts = port.split(':');
  if (parts.length === 2) return { local: parts[0], remote: parts[1] };
  return { local: parts[0], remote: parts[0] };
}

/** Go's strconv.Atoi: optional sign, decimal digits, fits in an int64. */
export function atoi(s: string): number | undefined {
  if (!/^[+-]?\d+$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : undefined;
}

function proto(p: string | undefined): string {
  return p ?? 'TCP';
}

export function lookupServicePortNumberByName(svc: ServiceLike, name: string): number {
  for (const p of svc.spec?.ports ?? []) if (p.name === name) return p.port;
  throw new KubesimError(`Service '${svc.metadata.name}' does not have a named port '${name}'`);
}

export function lookupContainerPortNumberByName(pod: Pod, name: string): number {
  for (const c of pod.spec?.containers ?? []) for (const p of c.ports ?? []) if (p.name === name) return p.containerPort;
  throw new KubesimError(`Pod '${pod.metadata.name}' does not have a named port '${name}'`);
}

/** The container port a service port leads to on this pod. */
export function lookupContainerPortNumberByServicePort(svc: ServiceLike, pod: Pod, port: number): number {
  for (const sp of svc.spec?.ports ?? []) {
    if (sp.port !== port) continue;
    if (svc.spec?.clusterIP === 'None') return port;
    const tp = sp.targetPort;
    if (tp === undefined || typeof tp === 'number') return !tp ? sp.port : tp;
    // An IntOrString that holds digits in string form is still a name to the client.
    return lookupContainerPortNumberByName(pod, tp);
  }
  throw new KubesimError(`Service ${svc.metadata.name} does not have a service port ${port}`);
}

function udpOnly(ports: { port: number; protocol?: string }[]): Set<number> {
  const udp = new Set<number>();
  const tcp = new Set<number>();
  for (const p of ports) {
    if (proto(p.protocol) === 'UDP') udp.add(p.port);
    else if (proto(p.protocol) === 'TCP') tcp.add(p.port);
  }
  for (const p of tcp) udp.delete(p);
  return udp;
}

/** `UDP protocol is not supported for 5000` when a REMOTE names a UDP-only service port. */
export function checkUdpPortInService(args: string[], svc: ServiceLike): void {
  const only = udpOnly((svc.spec?.ports ?? []).map((p) => ({ port: p.port, protocol: p.protocol })));
  for (const a of args) {
    const { remote } = splitPort(a);
    const n = atoi(remote) ?? lookupServicePortNumberByName(svc, remote);
    if (only.has(n)) throw new KubesimError(`UDP protocol is not supported for ${remote}`);
  }
}

/** The same check against the pod's container ports. */
export function checkUdpPortInPod(args: string[], pod: Pod): void {
  const ports = (pod.spec?.containers ?? []).flatMap((c) => (c.ports ?? []).map((p) => ({ port: p.containerPort, protocol: p.protocol })));
  const only = udpOnly(ports);
  for (const a of args) {
    const { remote } = splitPort(a);
    const n = atoi(remote) ?? lookupContainerPortNumberByName(pod, remote);
    if (only.has(n)) throw new KubesimError(`UDP protocol is not supported for ${remote}`);
  }
}

/**
 * Service target: REMOTE is a service port (number or name); the result names the pod's
 * container port. A bare service port name makes the local port the service port's number.
 */
export function translateServicePorts(args: string[], svc: ServiceLike, pod: Pod): string[] {
  const out: string[] = [];
  for (const a of args) {
    let { local, remote } = splitPort(a);
    let portnum = atoi(remote);
    if (portnum === undefined) {
      portnum = lookupServicePortNumberByName(svc, remote);
      if (local === remote) local = String(portnum);
    }
    const containerPort = lookupContainerPortNumberByServicePort(svc, pod, portnum);
    remote = String(containerPort);
    out.push(local !== remote ? `${local}:${containerPort}` : remote);
  }
  return out;
}

/** Pod (and workload) target: a named REMOTE becomes the container port's number. */
export function convertPodNamedPorts(args: string[], pod: Pod): string[] {
  const out: string[] = [];
  for (const a of args) {
    const { local, remote } = splitPort(a);
    const containerPort = atoi(remote) === undefined ? String(lookupContainerPortNumberByName(pod, remote)) : remote;
    out.push(local !== remote ? `${local}:${containerPort}` : containerPort);
  }
  return out;
}

/** Go's strconv.ParseUint(s, 10, 16), with its error text. */
function parseUint16(s: string): number | string {
  if (!/^\d+$/.test(s)) return `strconv.ParseUint: parsing ${JSON.stringify(s)}: invalid syntax`;
  const n = Number(s);
  if (n > 65535) return `strconv.ParseUint: parsing ${JSON.stringify(s)}: value out of range`;
  return n;
}

/** client-go's parsePorts: `5000`, `8080:5000`, `:5000` (random local port). */
export function parsePorts(ports: string[]): ForwardedPort[] {
  const out: ForwardedPort[] = [];
  for (const p of ports) {
    const parts = p.split(':');
    let localText: string;
    let remoteText: string;
    if (parts.length === 1) {
      localText = remoteText = parts[0];
    } else if (parts.length === 2) {
      localText = parts[0] === '' ? '0' : parts[0];
      remoteText = parts[1];
    } else {
      throw new KubesimError(`invalid port format '${p}'`);
    }
    const local = parseUint16(localText);
    if (typeof local === 'string') throw new KubesimError(`error parsing local port '${localText}': ${local}`);
    const remote = parseUint16(remoteText);
    if (typeof remote === 'string') throw new KubesimError(`error parsing remote port '${remoteText}': ${remote}`);
    if (remote === 0) throw new KubesimError('remote port must be > 0');
    out.push({ local, remote });
  }
  return out;
}

/** One address to listen on. `all`: fail only if every `all` address fails (localhost); `any`: fail if it fails. */
export interface ListenAddress {
  address: string;
  protocol: 'tcp4' | 'tcp6';
  failureMode: 'all' | 'any';
}

/** client-go's parseAddresses: `localhost` = 127.0.0.1 + ::1; IPs as given; sorted by address string. */
export function parseAddresses(addresses: string[]): ListenAddress[] {
  if (addresses.length === 0) throw new KubesimError('you must specify at least 1 address');
  const parsed = new Map<string, ListenAddress>();
  for (const address of addresses) {
    if (address === 'localhost') {
      if (!parsed.has('127.0.0.1')) parsed.set('127.0.0.1', { address: '127.0.0.1', protocol: 'tcp4', failureMode: 'all' });
      if (!parsed.has('::1')) parsed.set('::1', { address: '::1', protocol: 'tcp6', failureMode: 'all' });
    } else if (isIP(address) === 4 || isV4MappedOrLeadingZero(address)) {
      parsed.set(address, { address, protocol: 'tcp4', failureMode: 'any' });
    } else if (isIP(address) === 6) {
      parsed.set(address, { address, protocol: 'tcp6', failureMode: 'any' });
    } else {
      throw new KubesimError(`${address} is not a valid IP`);
    }
  }
  return [...parsed.values()].sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
}

/** netutils.ParseIPSloppy also accepts IPv4 with leading zeros (`010.0.0.1`) and `::ffff:a.b.c.d` as IPv4. */
function isV4MappedOrLeadingZero(address: string): boolean {
  if (/^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(address)) return isIP(address.slice(7)) === 4;
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(address);
  return m !== null && m.slice(1).every((o) => Number(o) <= 255);
}

/** kubectl's `%v` of []ForwardedPort: `[{8080 5000} {0 6379}]`. */
export function formatForwardedPorts(ports: ForwardedPort[]): string {
  return `[${ports.map((p) => `{${p.local} ${p.remote}}`).join(' ')}]`;
}

/** `127.0.0.1:8080`, `[::1]:8080` (Go's net.JoinHostPort). */
export function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
