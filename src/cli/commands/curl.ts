/**
 * `kubesim curl URL [--from pod/P|node/N|outside] [--count N] [--trace] [curl's -s -v -i -m …]`
 * (kubesim only). One request exactly as the simulated curl 8.10.1 prints it, from a chosen
 * vantage point — by default from outside the cluster, i.e. from a machine on the nodes' network
 * (192.168.49.1: NodePorts, externalIPs and LoadBalancer IPs answer; ClusterIPs and cluster DNS
 * names do not). With `--count N`, N new connections and a table of which pods answered, with
 * the share each got and the share the kube-proxy rules give it; on a terminal, a large N shows a
 * progress bar on stderr while the requests run (src/cli/progress.ts).
 */
import type { Runtime } from '../runtime.js';
import { currentNamespace, sessionOptions, stateLocation } from '../runtime.js';
import { mutateCluster } from '../../apiserver/session.js';
import { notFoundError } from '../../apiserver/status.js';
import { KubesimError } from '../../errors.js';
import type { Pod } from '../../controllers/kubelet.js';
import type { TraceHop, Vantage } from '../../network/contracts.js';
import type { Box, Chunk } from '../../network/containers/box.js';
import type { Cluster } from '../../store/cluster-state.js';
import { dedupe, writeTrace } from './exec.js';
import { startProgress } from '../progress.js';

const MAX_COUNT = 10_000_000;

interface CurlCmdOptions {
  namespace?: string;
  from?: string;
  count?: number;
  trace?: boolean;
  /** false with `--no-progress` */
  progress?: boolean;
}

interface Tally {
  key: string;
  pod: string;
  node: string;
  count: number;
  expected?: number;
}

export async function runCurl(rt: Runtime, args: string[], opts: CurlCmdOptions): Promise<number> {
  const curlArgs = args;
  if (opts.count !== undefined && opts.count < 1) throw new KubesimError('--count must be at least 1');
  // About half a minute of requests here; the fuzz found 10^20 running until memory ran out.
  if (opts.count !== undefined && opts.count > MAX_COUNT) throw new KubesimError(`--count must be at most ${MAX_COUNT}`);
  const namespace = currentNamespace(rt, opts.namespace);
  const { wireNetwork } = await import('../../network/containers/wire.js');
  wireNetwork();
  const tb = await import('../../network/containers/toolbox.js');
  const { runCurl: curlProgram, parseUrl } = await import('../../network/containers/programs/curl.js');
  const { contextFor } = await import('../../network/containers/box.js');
  const net = await import('../../network/containers/programs/network.js');
  const { serializeRequest } = await import('../../network/containers/servers/http.js');
  const { engine } = await import('../../network/containers/engine.js');
  const tty = rt.stdout.isTTY;

  const boxFor = (cluster: Cluster): { box: Box; env: Map<string, string> } => {
    const from = opts.from ?? 'outside';
    if (from === 'outside') return tb.outsideBox(cluster, { tty });
    const slash = from.indexOf('/');
    const kind = slash < 0 ? '' : from.slice(0, slash);
    const name = from.slice(slash + 1);
    if (kind === 'pod' || kind === 'po' || kind === 'pods') {
      const pod = cluster.get<Pod>('Pod', namespace, name);
      if (!pod) throw notFoundError('pods', name);
      const container = pod.spec.containers[0];
      if (!pod.status?.podIP) throw new KubesimError(`pod ${name} has no IP yet (phase ${pod.status?.phase ?? 'Pending'})`);
      const b = tb.podBox(cluster, pod, container, { tty });
      return { box: b.box, env: b.env };
    }
    if (kind === 'node' || kind === 'no' || kind === 'nodes') {
      const node = cluster.get('Node', undefined, name);
      if (!node) throw notFoundError('nodes', name);
      return tb.nodeBox(cluster, node, { tty });
    }
    throw new KubesimError(`--from must be pod/NAME, node/NAME or outside, got ${JSON.stringify(from)}`);
  };

  if (opts.count === undefined) {
    const result = await mutateCluster(stateLocation(rt), sessionOptions(rt), (cluster) => {
      const { box, env } = boxFor(cluster);
      const trace: TraceHop[] = [];
      const r = curlProgram('8.10.1', ['curl', ...curlArgs], contextFor(box, env, '', trace));
      cluster.dirty = true;
      if (r.code === 6 && box.vantage.kind !== 'pod') box.hints.push(`from ${vantageName(box.vantage)} the cluster's DNS names do not resolve (only pods use CoreDNS); use --from pod/NAME, or a node IP and NodePort`);
      return { chunks: r.chunks ?? [], code: r.code, trace, hints: box.hints };
    });
    for (const c of result.chunks as Chunk[]) (c.fd === 1 || tty ? rt.stdout : rt.stderr).write(c.text);
    if (opts.trace) writeTrace(rt, result.trace);
    if (rt.hints) for (const h of dedupe(result.hints)) rt.stderr.write(`hint: ${h}\n`);
    return result.code;
  }

  // --count N: N new connections, tallied by the pod that answered.
  const raw = curlArgs.find((a) => !a.startsWith('-'));
  if (!raw) throw new KubesimError('no URL specified');
  const url = parseUrl(raw);
  if ('code' in url) throw new KubesimError(url.message);
  const progress = startProgress(rt, { label: 'curl', total: opts.count, flag: opts.progress });
  // The bar stays up ("saving") while the state is written; it is erased before anything is printed.
  const summary = await mutateCluster(stateLocation(rt), sessionOptions(rt), (cluster) => {
    const { box, env } = boxFor(cluster);
    const trace: TraceHop[] = [];
    const ctx = contextFor(box, env, '', trace);
    cluster.dirty = true;
    const lookup = net.resolve(ctx, url.host);
    if (lookup.addresses.length === 0) throw new KubesimError(`Could not resolve host: ${url.host} (from ${vantageName(box.vantage)})`, { exitCode: 6 });
    const ip = lookup.addresses[0];
    const tallies = new Map<string, Tally>();
    const bump = (key: string, pod: string, node: string) => {
      const t = tallies.get(key) ?? { key, pod, node, count: 0 };
      t.count++;
      tallies.set(key, t);
    };
    for (let i = 0; i < opts.count!; i++) {
      progress.tick();
      trace.length = 0; // only the last request's hops are kept (they repeat)
      const d = net.dial(ctx, ip, url.port);
      if (d.kind !== 'connected') {
        bump(`(${d.kind})`, `(${d.kind === 'refused' ? 'connection refused' : d.kind === 'timeout' ? 'timed out' : 'unreachable'})`, '');
        continue;
      }
      const req = { method: 'GET', target: url.path, version: 'HTTP/1.1', headers: [['Host', url.explicitPort ? `${url.host}:${url.port}` : url.host], ['User-Agent', 'curl/8.10.1'], ['Accept', '*/*']] as [string, string][], body: '' };
      net.exchange(ctx, d, serializeRequest(req));
      const pod = d.backend.pod;
      if (pod) bump(`${pod.metadata.namespace}/${pod.metadata.name}`, pod.metadata.name, (pod.spec as { nodeName?: string }).nodeName ?? '');
      else bump(`${d.backend.ip}:${d.backend.port}`, `${d.backend.ip}:${d.backend.port}`, d.backend.nodeName ?? '');
    }
    const shares = engine().expectedShares?.(cluster, box.vantage, ip, url.port, 'TCP') ?? [];
    for (const s of shares) {
      const pod = s.backend.pod;
      const key = pod ? `${pod.metadata.namespace}/${pod.metadata.name}` : `${s.backend.ip}:${s.backend.port}`;
      const t = tallies.get(key) ?? { key, pod: pod ? pod.metadata.name : key, node: pod ? ((pod.spec as { nodeName?: string }).nodeName ?? '') : (s.backend.nodeName ?? ''), count: 0 };
      t.expected = (t.expected ?? 0) + s.share;
      tallies.set(key, t);
    }
    progress.phase('saving');
    // Only the last request's hops matter for --trace (they repeat).
    return { rows: [...tallies.values()], trace, hints: box.hints, ip };
  }).finally(() => progress.end());
  const Table = (await import('cli-table3')).default;
  const chalk = (await import('chalk')).default;
  const colour = rt.colour && rt.stdout.isTTY && !('NO_COLOR' in rt.env);
  const head = ['POD', 'NODE', 'COUNT', 'SHARE', 'EXPECTED'].map((h) => (colour ? chalk.bold(h) : h));
  const table = new Table({ head, style: { head: [], border: [] }, colAligns: ['left', 'left', 'right', 'right', 'right'] });
  const rows = summary.rows.sort((a, b) => b.count - a.count || (a.pod < b.pod ? -1 : 1));
  const n = opts.count;
  for (const r of rows) {
    const share = `${((r.count / n) * 100).toFixed(1)}%`;
    const expected = r.expected === undefined ? (r.key.startsWith('(') ? '' : '0.0%') : `${(r.expected * 100).toFixed(1)}%`;
    table.push([colour && r.key.startsWith('(') ? chalk.red(r.pod) : r.pod, r.node, String(r.count), share, expected]);
  }
  rt.stdout.write(`${n} requests to ${raw} (${summary.ip}) from ${opts.from ?? 'outside'}\n`);
  rt.stdout.write(table.toString() + '\n');
  if (opts.trace) writeTrace(rt, summary.trace.slice(-12));
  if (rt.hints) for (const h of dedupe(summary.hints)) rt.stderr.write(`hint: ${h}\n`);
  return 0;
}

function vantageName(v: Vantage): string {
  return v.kind === 'pod' ? `pod/${v.pod.metadata.name}` : v.kind === 'node' ? `node/${v.node.metadata.name}` : 'outside';
}
