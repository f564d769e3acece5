/**
 * What a simulated server gets for one connection: the pod it runs in, the listener, who the
 * client is (after any SNAT), the clock, and where its log lines go.
 */
import type { Container, Pod } from '../../../controllers/kubelet.js';
import type { Cluster } from '../../../store/cluster-state.js';
import type { Listener } from '../images.js';
import type { HttpRequest, ServeReply } from './http.js';

export interface AppContext {
  cluster: Cluster;
  now: Date;
  pod: Pod;
  container: Container;
  listener: Listener;
  podIP: string;
  nodeName: string;
  hostname: string;
  client: { ip: string; port: number };
  /** Append one line to this container's log (bounded). */
  log(line: string): void;
}

export type HttpApp = (req: HttpRequest, ctx: AppContext) => ServeReply;

/** A server speaking its own TCP protocol: given what the client sent, what it answers. */
export type TcpApp = (bytes: string, ctx: AppContext) => { response: string; close: boolean };

/** What a server writes to its log when the container starts. */
export type StartupLog = (ctx: { startedAt: Date; pod: Pod; container: Container; listener: Listener; podIP: string; hostname: string }) => string[];
