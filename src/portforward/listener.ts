/**
 * The local side of a forward: real TCP listeners, opened the way client-go's PortForwarder opens
 * them. For each port, one listener per address (sorted); a `localhost` address succeeds if either
 * loopback binds, an explicit address must bind. Local port 0 binds a free port on the first
 * address and reuses that number for the rest. The texts returned are kubectl's.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { formatForwardedPorts, joinHostPort, type ForwardedPort, type ListenAddress } from './ports.js';

export interface OpenListener {
  server: Server;
  address: ListenAddress;
  port: ForwardedPort;
}

export interface ListenOutcome {
  listeners: OpenListener[];
  /** `Forwarding from 127.0.0.1:8080 -> 5000` lines, in order (stdout). */
  forwarding: string[];
  /** `Unable to listen on port …` lines (stderr), for ports that failed. */
  failures: string[];
  /** Set when no port could listen: kubectl's final error message (without `error: `). */
  fatal?: string;
}

/** Go's syscall error texts for the errno values a bind can give. */
const ERRNO_TEXT: Record<string, string> = {
  EADDRINUSE: 'address already in use',
  EADDRNOTAVAIL: 'cannot assign requested address',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EAFNOSUPPORT: 'address family not supported by protocol',
  EINVAL: 'invalid argument',
};

/** `unable to create listener: Error listen tcp4 127.0.0.1:8080: bind: address already in use` */
export function listenerErrorText(address: ListenAddress, port: number, code: string | undefined, message: string): string {
  const detail = (code && ERRNO_TEXT[code]) ?? message;
  return `unable to create listener: Error listen ${address.protocol} ${joinHostPort(address.address, port)}: bind: ${detail}`;
}

/** `Unable to listen on port 8080: Listeners failed to create with the following errors: [e1 e2]` */
export function unableToListenLine(port: number, errors: string[]): string {
  return `Unable to listen on port ${port}: Listeners failed to create with the following errors: [${errors.join(' ')}]`;
}

/** `unable to listen on any of the requested ports: [{8080 5000}]` */
export function noPortsMessage(ports: ForwardedPort[]): string {
  return `unable to listen on any of the requested ports: ${formatForwardedPorts(ports)}`;
}

function bind(address: ListenAddress, port: number): Promise<Server | NodeJS.ErrnoException> {
  return new Promise((resolve) => {
    const server = createServer({ noDelay: true, allowHalfOpen: true });
    const onError = (err: NodeJS.ErrnoException) => resolve(err);
    server.once('error', onError);
    server.listen({ host: address.address, port, ipv6Only: address.protocol === 'tcp6', exclusive: true }, () => {
      server.off('error', onError);
      resolve(server);
    });
  });
}

/**
 * Open every (port, address) listener. `ports` entries get their `local` filled in when it was 0.
 * Failed ports are reported, and the ports that did bind keep working (as kubectl).
 */
export async function listenOnPorts(ports: ForwardedPort[], addresses: ListenAddress[], onConnection: (socket: Socket, port: ForwardedPort) => void): Promise<ListenOutcome> {
  const outcome: ListenOutcome = { listeners: [], forwarding: [], failures: [] };
  let anySuccess = false;
  for (const port of ports) {
    const errors: string[] = [];
    const fail = { all: 0, any: 0 };
    const ok = { all: 0, any: 0 };
    const opened: OpenListener[] = [];
    for (const address of addresses) {
      const r = await bind(address, port.local);
      if (r instanceof Error) {
        errors.push(listenerErrorText(address, port.local, r.code, r.message));
        fail[address.failureMode]++;
        continue;
      }
      const bound = r.address();
      if (bound && typeof bound === 'object') port.local = bound.port;
      ok[address.failureMode]++;
      outcome.forwarding.push(`Forwarding from ${joinHostPort(address.address, port.local)} -> ${port.remote}`);
      r.on('connection', (socket) => onConnection(socket, port));
      opened.push({ server: r, address, port });
    }
    if ((ok.all === 0 && fail.all > 0) || fail.any > 0) {
      // kubectl keeps the listeners it opened for this port even when the port counts as failed.
      outcome.failures.push(unableToListenLine(port.local, errors));
      outcome.listeners.push(...opened);
      continue;
    }
    anySuccess = true;
    outcome.listeners.push(...opened);
  }
  if (!anySuccess) outcome.fatal = noPortsMessage(ports);
  return outcome;
}

/** Close listeners (no new connections); existing sockets are the caller's. */
export function closeListeners(listeners: OpenListener[]): Promise<void> {
  return Promise.all(listeners.map((l) => new Promise<void>((resolve) => l.server.close(() => resolve())))).then(() => undefined);
}
