/**
 * kube-proxy's chain names (iptables mode). A per-service-port chain is named by a prefix and
 * the first 16 characters of the standard base32 (RFC 4648, A–Z2–7) encoding of a SHA-256
 * digest:
 *   KUBE-SVC/SVL/EXT/FW-<h>  h over servicePortName + protocol
 *   KUBE-SEP-<h>             h over servicePortName + protocol + "IP:port"
 * where servicePortName is `<ns>/<svc>:<port name>` (`<ns>/<svc>` for an unnamed port), the
 * protocol is lowercase and the port in "IP:port" is the endpoint's resolved target port.
 */
import { createHash } from 'node:crypto';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** The first `n` characters of the standard base32 encoding of `bytes` (no padding needed for n ≤ 51). */
function base32Prefix(bytes: Uint8Array, n: number): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (let i = 0; i < bytes.length && out.length < n; i++) {
    buffer = ((buffer << 8) | bytes[i]) & 0xffff;
    bits += 8;
    while (bits >= 5 && out.length < n) {
      out += BASE32[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

/** 16 base32 characters of SHA-256(text). */
export function chainHash(text: string): string {
  return base32Prefix(createHash('sha256').update(text).digest(), 16);
}

/** `<ns>/<svc>:<port>`, or `<ns>/<svc>` for an unnamed port (kube-proxy's ServicePortName.String()). */
export function servicePortName(namespace: string, service: string, portName: string | undefined): string {
  return portName ? `${namespace}/${service}:${portName}` : `${namespace}/${service}`;
}

/** The hash shared by a service port's KUBE-SVC, KUBE-SVL, KUBE-EXT and KUBE-FW chains. */
export function servicePortHash(portName: string, protocol: string): string {
  return chainHash(portName + protocol.toLowerCase());
}

export function svcChain(portName: string, protocol: string): string {
  return `KUBE-SVC-${servicePortHash(portName, protocol)}`;
}

export function svlChain(portName: string, protocol: string): string {
  return `KUBE-SVL-${servicePortHash(portName, protocol)}`;
}

export function extChain(portName: string, protocol: string): string {
  return `KUBE-EXT-${servicePortHash(portName, protocol)}`;
}

export function fwChain(portName: string, protocol: string): string {
  return `KUBE-FW-${servicePortHash(portName, protocol)}`;
}

/** KUBE-SEP-<h> of one endpoint, `endpoint` being "IP:port" with the resolved target port. */
export function sepChain(portName: string, protocol: string, endpoint: string): string {
  return `KUBE-SEP-${chainHash(portName + protocol.toLowerCase() + endpoint)}`;
}
