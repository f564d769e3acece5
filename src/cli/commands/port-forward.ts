/**
 * `kubesim port-forward TYPE/NAME [LOCAL:]REMOTE…`: real local TCP listeners whose connections
 * are answered by one simulated pod's program, as `kubectl port-forward` (v1.32) does it:
 *  - the pod: a bare NAME, or the first of a workload's / Service's pods in kubectl's ranking
 *    (waiting up to --pod-running-timeout for one to exist); it must be Running;
 *  - ports: Service ports translated to the pod's container ports, named ports resolved, `:R`
 *    for a free local port; listeners on --address (default localhost = 127.0.0.1 and ::1);
 *  - runs in the foreground: Ctrl-C / SIGTERM closes and exits 0; the pod deleted or replaced
 *    ends it with `error: lost connection to pod` (exit 1), as does a connection to a pod port
 *    nothing listens on (after kubectl's klog line).
 * The pinned pod is re-checked through a stat()-cached view of the state file; access-log lines
 * and random draws are written in batches (see portforward/pinned-pod.ts).
 */
import type { Socket } from 'node:net';
import type { Runtime } from '../runtime.js';
import { currentNamespace, sessionOptions, stateLocation } from '../runtime.js';
import { readCluster } from '../../apiserver/session.js';
import { notFoundError } from '../../apiserver/status.js';
import { KubesimError } from '../../errors.js';
import { qualifiedKind } from '../../api/resources.js';
import type { Pod } from '../../controllers/kubelet.js';
import { parseGoDuration } from '../duration.js';
import { candidatePods, resolveForwardTarget, type ForwardTarget } from '../../portforward/target.js';
import { choosePodForForward } from '../../portforward/pod-choice.js';
import { checkUdpPortInPod, checkUdpPortInService, convertPodNamedPorts, parseAddresses, parsePorts, translateServicePorts, type ForwardedPort, type ServiceLike } from '../../portforward/ports.js';
import { closeListeners, listenOnPorts } from '../../portforward/listener.js';
import { bridgeConnection, type Exchange } from '../../portforward/http-bridge.js';
import { PinnedPod } from '../../portforward/pinned-pod.js';
import { unhandledForwardErrorLine } from '../../portforward/unhandled-error.js';

interface PortForwardOptions {
  namespace?: string;
  address?: string[];
  podRunningTimeout?: string;
}

const SEE_HELP = "See 'kubesim port-forward -h' for help and examples";
/** The address a pod's program sees a forwarded connection come from (the kubelet dials localhost). */
const FORWARDED_CLIENT_IP = '127.0.0.1';
const DEFAULT_FLUSH_MS = 200;
const CHECK_MS = 250;
const WAIT_POLL_MS = 250;

function podRunningTimeout(value: string | undefined): number {
  const text = value ?? '1m0s';
  let ms: number;
  try {
    ms = parseGoDuration(text);
  } catch (e) {
    throw new KubesimError(`invalid argument ${JSON.stringify(text)} for "--pod-running-timeout" flag: ${(e as Error).message}\nSee 'kubesim port-forward --help' for usage.`);
  }
  if (ms <= 0) throw new KubesimError(`--pod-running-timeout must be higher than zero\n${SEE_HELP}`);
  return ms;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** kubectl's GetFirstPod: the best matching pod now, else wait for one to appear. */
async function firstPod(rt: Runtime, target: ForwardTarget, timeoutMs: number): Promise<{ pod: Pod; count: number }> {
  const loc = stateLocation(rt);
  const session = sessionOptions(rt);
  const deadline = Date.now() + timeoutMs;
  let cluster = await readCluster(loc, session);
  for (;;) {
    const pods = candidatePods(cluster, target);
    const pod = choosePodForForward(pods);
    if (pod) return { pod, count: pods.length };
    if (Date.now() >= deadline) {
      throw new KubesimError('timed out waiting for the condition', {
        hint: `no pod in namespace ${target.namespace} matches the selector of ${qualifiedKind(target.resource)}/${target.object.metadata.name}`,
      });
    }
    await sleep(Math.min(WAIT_POLL_MS, Math.max(1, deadline - Date.now())));
    cluster = await readCluster(loc, session);
  }
}

function splitAddresses(values: string[] | undefined): string[] {
  if (!values || values.length === 0) return ['localhost'];
  return values.flatMap((v) => v.split(',')).map((v) => v.trim());
}

export async function runPortForward(rt: Runtime, args: string[], opts: PortForwardOptions): Promise<number> {
  if (args.length < 2) throw new KubesimError(`TYPE/NAME and list of ports are required for port-forward\n${SEE_HELP}`);
  const timeoutMs = podRunningTimeout(opts.podRunningTimeout);
  const namespace = currentNamespace(rt, opts.namespace);
  const loc = stateLocation(rt);
  const session = sessionOptions(rt);

  // Complete: the object, its pod, the ports in the pod's terms.
  const cluster = await readCluster(loc, session);
  const target = resolveForwardTarget(cluster, namespace, args[0]);
  const { pod: chosen, count } = await firstPod(rt, target, timeoutMs);
  const portArgs = args.slice(1);
  let translated: string[];
  if (target.resource.kind === 'Service') {
    const svc = target.object as unknown as ServiceLike;
    checkUdpPortInService(portArgs, svc);
    translated = translateServicePorts(portArgs, svc, chosen);
  } else {
    checkUdpPortInPod(portArgs, chosen);
    translated = convertPodNamedPorts(portArgs, chosen);
  }
  const addressArgs = splitAddresses(opts.address);

  // RunPortForward: the pod as it is now, which must be running.
  const now = await readCluster(loc, session);
  const pod = now.get<Pod>('Pod', chosen.metadata.namespace, chosen.metadata.name);
  if (!pod) throw notFoundError('pods', chosen.metadata.name);
  if (pod.status?.phase !== 'Running') {
    throw new KubesimError(`unable to forward port because pod is not running. Current status=${pod.status?.phase ?? ''}`, {
      hint: pod.spec?.nodeName ? `\`kubesim describe pod ${pod.metadata.name}\` shows why it is not running` : `pod ${pod.metadata.name} is not scheduled to a node yet; \`kubesim describe pod ${pod.metadata.name}\` shows why`,
    });
  }
  const addresses = parseAddresses(addressArgs);
  const ports = parsePorts(translated);

  const flushEnv = rt.env.KUBESIM_PORT_FORWARD_FLUSH_MS;
  const flushIntervalMs = flushEnv !== undefined && /^\d+$/.test(flushEnv) ? Number(flushEnv) : DEFAULT_FLUSH_MS;
  const pinned = new PinnedPod(pod, now.state, { loc, session, flushIntervalMs });
  return forward(rt, pinned, pod, ports, addresses, target, count);
}

async function forward(rt: Runtime, pinned: PinnedPod, pod: Pod, ports: ForwardedPort[], addresses: ReturnType<typeof parseAddresses>, target: ForwardTarget, count: number): Promise<number> {
  const sockets = new Set<Socket>();
  let settle!: (outcome: { code: number } | { error: KubesimError }) => void;
  const done = new Promise<{ code: number } | { error: KubesimError }>((r) => (settle = r));
  let finished = false;

  const lost = (hint = `pod ${pinned.namespace}/${pinned.name} was deleted or replaced; port-forward stays pinned to one pod and never moves to another: run it again to pick a new one`): void => {
    if (finished) return;
    finished = true;
    settle({ error: new KubesimError('lost connection to pod', { hint }) });
  };

  /** A connection to a pod port nothing listens on: kubectl logs the error and ends the forward. */
  const refused = (port: ForwardedPort): void => {
    if (finished) return;
    rt.stderr.write(unhandledForwardErrorLine({ now: rt.clock.now(), pid: process.pid, localPort: port.local, remotePort: port.remote, podUID: pod.metadata.uid ?? '' }) + '\n');
    lost(`nothing in pod ${pinned.name} listens on port ${port.remote}; \`kubesim describe pod ${pinned.name}\` lists its containers' ports`);
  };

  const onConnection = (socket: Socket, port: ForwardedPort): void => {
    if (finished) {
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.setNoDelay(true);
    rt.stdout.write(`Handling connection for ${port.local}\n`);
    if (!pinned.refresh()) {
      socket.destroy();
      lost();
      return;
    }
    if (!pinned.listens(port.remote)) {
      // The client sees its connection closed without a reply (curl: Empty reply from server).
      sockets.delete(socket);
      socket.resume();
      socket.end();
      if (pinned.lost) lost();
      else refused(port);
      return;
    }
    const http = pinned.speaksHttp(port.remote);
    const answer = (r: Exchange | 'refused' | 'lost'): Exchange | 'stop' => {
      if (r === 'lost') {
        lost();
        return 'stop';
      }
      if (r === 'refused') {
        refused(port);
        return 'stop';
      }
      return r;
    };
    bridgeConnection(socket, http, (bytes) => {
      if (finished) return 'stop';
      const r = pinned.serve(port.remote, bytes, FORWARDED_CLIENT_IP, http);
      return r instanceof Promise ? r.then(answer) : answer(r);
    });
  };

  // Ctrl-C is handled before the first "Forwarding from" line (kubectl sets up its signal handling
  // before listening): an interrupt right after that line stops the forward cleanly (exit 0).
  const onSignal = () => {
    if (finished) return;
    finished = true;
    settle({ code: 0 });
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const outcome = await listenOnPorts(ports, addresses, onConnection);
  for (const line of outcome.forwarding) rt.stdout.write(line + '\n');
  for (const line of outcome.failures) rt.stderr.write(line + '\n');
  if (outcome.fatal) {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await closeListeners(outcome.listeners);
    await pinned.close();
    throw new KubesimError(outcome.fatal, { hint: 'another program listens on that port; pick another LOCAL port, or `:REMOTE` for a free one' });
  }
  if (rt.hints && target.selector) {
    const owner = `${qualifiedKind(target.resource)}/${target.object.metadata.name}`;
    const why =
      target.resource.kind === 'Service'
        ? "every connection goes to this one pod, bypassing the Service's load balancing"
        : 'every connection goes to this one pod; the other replicas get none';
    rt.stderr.write(`hint: forwarding to pod ${pod.metadata.name} (chosen from ${count} pod${count === 1 ? '' : 's'} of ${owner}); ${why}\n`);
  }

  // Notice a deleted or replaced pod even while no request arrives.
  const check = setInterval(() => {
    if (!pinned.refresh()) lost();
  }, CHECK_MS);

  const result = await done;
  clearInterval(check);
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  const closing = closeListeners(outcome.listeners);
  for (const s of sockets) s.destroy();
  await closing;
  await pinned.close();
  if ('error' in result) throw result.error;
  return result.code;
}
