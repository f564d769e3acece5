/**
 * `kubesim ssh [NODE] [--trace] -- CMD…` — like `minikube ssh`: runs CMD in a simulated node
 * shell (bash, curl 7.88.1, ping, nc, iptables-save, sudo) with the node's resolv.conf — which
 * does not know cluster.local names. Default node: the control plane. Never a host process.
 */
import type { Runtime } from '../runtime.js';
import { sessionOptions, stateLocation } from '../runtime.js';
import { mutateCluster } from '../../apiserver/session.js';
import { notFoundError } from '../../apiserver/status.js';
import { KubesimError } from '../../errors.js';
import type { TraceHop } from '../../network/contracts.js';
import type { Chunk } from '../../network/containers/box.js';
import { dedupe, writeTrace } from './exec.js';

interface SshOptions {
  node?: string;
  trace?: boolean;
  dashIndex?: number;
}

export async function runSsh(rt: Runtime, args: string[], opts: SshOptions): Promise<number> {
  const dash = opts.dashIndex ?? -1;
  if (dash < 0) {
    throw new KubesimError('kubesim ssh needs the command after --: kubesim ssh [NODE] -- CMD [ARG…]', { hint: 'there is no interactive node shell; e.g. `kubesim ssh -- curl -s 10.96.0.1:443` or `kubesim ssh kubesim-m02 -- iptables-save -t nat`' });
  }
  const before = args.slice(0, dash);
  const command = args.slice(dash);
  if (before.length > 1) throw new KubesimError(`ssh takes at most one node name before --, got ${before.length}: ${before.join(' ')}`);
  if (command.length === 0) throw new KubesimError('you must specify at least one command for the node');
  const { wireNetwork } = await import('../../network/containers/wire.js');
  wireNetwork();
  const { nodeBox } = await import('../../network/containers/toolbox.js');
  const { runShell } = await import('../../network/containers/shell/interpreter.js');
  const result = await mutateCluster(stateLocation(rt), sessionOptions(rt), (cluster) => {
    const nodes = cluster.list('Node');
    const wanted = opts.node ?? before[0];
    const node = wanted ? cluster.get('Node', undefined, wanted) : (nodes.find((n) => 'node-role.kubernetes.io/control-plane' in (n.metadata.labels ?? {})) ?? nodes[0]);
    if (!node) throw wanted ? notFoundError('nodes', wanted) : new KubesimError('the cluster has no nodes');
    const { box, env } = nodeBox(cluster, node, { tty: false });
    const trace: TraceHop[] = [];
    // Like ssh, minikube joins the words with spaces and the node's login shell (bash -c) splits them again.
    const r = runShell('bash', ['bash', '-c', command.join(' ')], env, box, '', trace);
    return { chunks: r.chunks ?? [], code: r.code, trace, hints: box.hints };
  });
  for (const c of result.chunks as Chunk[]) (c.fd === 1 ? rt.stdout : rt.stderr).write(c.text);
  if (result.code !== 0) rt.stderr.write(`ssh: Process exited with status ${result.code}\n`);
  if (opts.trace) writeTrace(rt, result.trace);
  if (rt.hints) for (const h of dedupe(result.hints)) rt.stderr.write(`hint: ${h}\n`);
  return result.code;
}
