/**
 * The line kubectl v1.32 logs when a forwarded connection reaches a pod port nothing listens on.
 * client-go hands the stream error to apimachinery's runtime.HandleError, which klog prints as
 *
 *   E<MMDD> <hh:mm:ss.uuuuuu> <pid, width 7> portforward.go:424] "Unhandled Error" err="<text>" logger="UnhandledError"
 *
 * where <text> is client-go's `an error occurred forwarding L -> R: ` followed by the kubelet's
 * error (containerd's wording, as in reports from v1.31/v1.32 clusters):
 *
 *   error forwarding port R to pod <sandbox id>, uid : failed to execute portforward in network
 *   namespace "/var/run/netns/cni-<uuid>": failed to connect to localhost:R inside namespace
 *   "<sandbox id>", IPv4: dial tcp4 127.0.0.1:R: connect: connection refused IPv6 dial tcp6
 *   [::1]:R: connect: connection refused 
 *
 * (one line; the trailing space is containerd's). Inner quotes are escaped as klog quotes values.
 * The sandbox id (64 hex) and netns uuid are derived from the pod's uid, so they are stable for a
 * pod and need no random draws. The line number (424) is the one v1.32-era clients print.
 */
import { createHash } from 'node:crypto';

function hex(seed: string): string {
  return createHash('sha256').update(seed).digest('hex');
}

/** The pod sandbox id containerd would report (64 hex digits). */
export function sandboxID(podUID: string): string {
  return hex(`sandbox/${podUID}`);
}

function netnsUUID(podUID: string): string {
  const h = hex(`netns/${podUID}`);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** klog's header: severity, local month/day, time with microseconds, pid right-aligned in 7. */
export function klogHeader(severity: 'E' | 'I' | 'W', now: Date, pid: number, file: string): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${severity}${p(now.getMonth() + 1)}${p(now.getDate())} ${p(now.getHours())}:${p(now.getMinutes())}:${p(now.getSeconds())}.${p(now.getMilliseconds() * 1000, 6)} ${String(pid).padStart(7, ' ')} ${file}] `;
}

/** The kubelet's error for a refused connection inside the pod. */
export function refusedForwardError(remotePort: number, podUID: string): string {
  const id = sandboxID(podUID);
  return (
    `error forwarding port ${remotePort} to pod ${id}, uid : failed to execute portforward in network namespace "/var/run/netns/cni-${netnsUUID(podUID)}": ` +
    `failed to connect to localhost:${remotePort} inside namespace "${id}", IPv4: dial tcp4 127.0.0.1:${remotePort}: connect: connection refused ` +
    `IPv6 dial tcp6 [::1]:${remotePort}: connect: connection refused `
  );
}

/** The full stderr line (no newline). */
export function unhandledForwardErrorLine(opts: { now: Date; pid: number; localPort: number; remotePort: number; podUID: string }): string {
  const text = `an error occurred forwarding ${opts.localPort} -> ${opts.remotePort}: ${refusedForwardError(opts.remotePort, opts.podUID)}`;
  return `${klogHeader('E', opts.now, opts.pid, 'portforward.go:424')}"Unhandled Error" err=${klogQuote(text)} logger="UnhandledError"`;
}

/** klog's quoting of a string value (Go's strconv.Quote for printable text). */
function klogQuote(s: string): string {
  return JSON.stringify(s);
}
