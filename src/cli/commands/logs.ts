/**
 * `kubesim logs POD|TYPE/NAME [CONTAINER] [-c C] [--tail N] [-l SEL] [--prefix] [--all-containers]
 * [-f] [-p]` (kubectl-more §5). A container's log is what its simulated server wrote: its start-up
 * lines (nginx's docker-entrypoint lines …) and one access-log line per request it served, in the
 * server's own format. `-f` prints what is there and exits (nothing more can arrive while no other
 * command runs). `-l` prints pods in name order (kubectl's order is unstable).
 */
import type { Runtime } from '../runtime.js';
import { currentNamespace, sessionOptions, stateLocation } from '../runtime.js';
import { readCluster } from '../../apiserver/session.js';
import { ApiError } from '../../apiserver/status.js';
import { KubesimError } from '../../errors.js';
import type { Container, Pod } from '../../controllers/kubelet.js';
import { parseSelector, selectorMatches } from '../../labels/selector.js';

interface LogsOptions {
  namespace?: string;
  container?: string;
  tail?: number;
  selector?: string;
  prefix?: boolean;
  allContainers?: boolean;
  follow?: boolean;
  previous?: boolean;
  timestamps?: boolean;
  maxLogRequests: number;
}

const USAGE = "expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubesim logs -h' for help and examples";

export async function runLogs(rt: Runtime, args: string[], opts: LogsOptions): Promise<number> {
  const namespace = currentNamespace(rt, opts.namespace);
  if (opts.tail !== undefined && opts.tail < -1) throw new KubesimError('--tail must be greater than or equal to -1');
  if (args.length === 0 && !opts.selector) throw new KubesimError(USAGE);
  if (args.length > 0 && opts.selector) throw new KubesimError('only one of -l or an inline [POD] arg is allowed'.replace('[POD] arg', 'resource argument'));
  if (args.length > 2) throw new KubesimError(USAGE);
  if (args[1] !== undefined && opts.container) throw new KubesimError('only one of -c or an inline [CONTAINER] arg is allowed');
  const containerArg = opts.container ?? args[1];
  const { resolveTarget, compareForLogs, defaultContainer, defaultedContainerNotice } = await import('../../network/containers/pod-target.js');
  const { startupLog } = await import('../../network/containers/servers/index.js');
  const cluster = await readCluster(stateLocation(rt), sessionOptions(rt));

  let pods: Pod[];
  if (opts.selector !== undefined) {
    const sel = parseSelector(opts.selector);
    pods = cluster.list<Pod>('Pod', namespace).filter((p) => selectorMatches(sel, p.metadata.labels ?? {}));
    if (pods.length === 0) {
      rt.stderr.write(`No resources found in ${namespace} namespace.\n`);
      return 0;
    }
  } else {
    const t = resolveTarget(cluster, namespace, args[0], { forLogs: true });
    if (t.kind === 'pod') pods = [t.pod];
    else {
      if (t.pods.length === 0) throw new KubesimError('timed out waiting for the condition', { hint: `no pod matches ${t.object.kind.toLowerCase()}/${t.object.metadata.name}'s selector (kubectl waits --pod-running-timeout, 20s, then gives up)` });
      const sorted = [...t.pods].sort(compareForLogs);
      if (t.pods.length > 1) rt.stderr.write(`Found ${t.pods.length} pods, using pod/${sorted[0].metadata.name}\n`);
      pods = [sorted[0]];
    }
  }
  const tail = opts.tail ?? (opts.selector !== undefined ? 10 : -1);

  interface Source {
    pod: Pod;
    container: Container;
  }
  const sources: Source[] = [];
  for (const pod of pods) {
    const all = [...(pod.spec.initContainers ?? []), ...pod.spec.containers];
    if (opts.allContainers) {
      for (const c of all) sources.push({ pod, container: c });
      continue;
    }
    let name = containerArg;
    if (!name) {
      const d = defaultContainer(pod);
      name = d.name;
      if (!d.viaAnnotation) {
        const notice = defaultedContainerNotice(pod, name);
        if (notice) rt.stderr.write(notice + '\n');
      }
    }
    const c = all.find((x) => x.name === name);
    if (!c) throw new KubesimError(`container ${name} is not valid for pod ${pod.metadata.name}`);
    sources.push({ pod, container: c });
  }
  if (opts.follow && sources.length > opts.maxLogRequests) {
    throw new KubesimError(`you are attempting to follow ${sources.length} log streams, but maximum allowed concurrency is ${opts.maxLogRequests}, use --max-log-requests to increase the limit`);
  }

  for (const { pod, container } of sources) {
    const st = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])].find((s) => s.name === container.name);
    if (opts.previous) throw new ApiError('BadRequest', `previous terminated container "${container.name}" in pod "${pod.metadata.name}" not found`);
    if (!st?.state?.running && !st?.state?.terminated) {
      const reason = st?.state?.waiting?.reason ?? 'ContainerCreating';
      const why = reason === 'ImagePullBackOff' ? 'trying and failing to pull image' : reason === 'ErrImagePull' ? "image can't be pulled" : reason;
      throw new ApiError('BadRequest', `container "${container.name}" in pod "${pod.metadata.name}" is waiting to start: ${why}`);
    }
    let lines = [...startupLog(pod, container.name), ...(cluster.state.logs[`${pod.metadata.namespace}/${pod.metadata.name}/${container.name}`] ?? [])];
    if (tail >= 0) lines = tail === 0 ? [] : lines.slice(-tail);
    const prefix = opts.prefix ? `[pod/${pod.metadata.name}/${container.name}] ` : '';
    const stamp = opts.timestamps ? `${(st.state.running?.startedAt ?? '').replace(/Z$/, '.000000000Z')} ` : '';
    for (const l of lines) rt.stdout.write(`${prefix}${stamp}${l}\n`);
  }
  return 0;
}
