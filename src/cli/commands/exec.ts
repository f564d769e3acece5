/**
 * `kubesim exec POD|TYPE/NAME [-c C] [-i] [-t] [-q] [--trace] -- CMD ARGS…` (kubectl-client §8):
 * runs CMD in the container's simulated userland — never a host process. The argv after `--` is
 * passed verbatim (no shell unless CMD is one). A non-zero exit N prints `command terminated with
 * exit code N` and exits N. Runs under the state lock: connections draw from the cluster's random
 * source and append to access logs, and package installs are remembered.
 */
import type { Runtime } from '../runtime.js';
import { currentNamespace, sessionOptions, stateLocation } from '../runtime.js';
import { mutateCluster } from '../../apiserver/session.js';
import { ApiError } from '../../apiserver/status.js';
import { KubesimError } from '../../errors.js';
import type { Pod } from '../../controllers/kubelet.js';
import type { TraceHop } from '../../network/contracts.js';
import type { Chunk } from '../../network/containers/box.js';

export interface ExecOptions {
  namespace?: string;
  container?: string;
  stdin?: boolean;
  tty?: boolean;
  quiet?: boolean;
  trace?: boolean;
  /** Index in args where `--` was (kubectl's ArgsLenAtDash); -1 when absent. */
  dashIndex?: number;
}

export interface ExecOutcome {
  chunks: Chunk[];
  code: number;
  notices: string[];
  trace: TraceHop[];
  hints: string[];
}

const USAGE = "expected 'exec (POD | TYPE/NAME) COMMAND [ARG1] [ARG2] ... [ARGN]'.\nPOD or TYPE/NAME is a required argument for the exec command";
const seeHelp = "See 'kubesim exec -h' for help and examples";

export async function runExec(rt: Runtime, args: string[], opts: ExecOptions): Promise<number> {
  const dash = opts.dashIndex ?? -1;
  if (args.length === 0 || dash === 0) throw new KubesimError(`${USAGE}\n${seeHelp}`);
  if (dash < 0 && args.length > 1) throw new KubesimError(`exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\n${seeHelp}`);
  const target = args[0];
  const command = dash < 0 ? [] : args.slice(dash);
  if (command.length === 0) throw new KubesimError('you must specify at least one command for the container');
  const namespace = currentNamespace(rt, opts.namespace);
  let tty = Boolean(opts.tty);
  const early: string[] = [];
  if (tty && !rt.stdout.isTTY) {
    early.push('Unable to use a TTY - input is not a terminal or the right kind of file');
    tty = false;
  }
  const stdin = opts.stdin ? rt.readStdin() : '';
  const { wireNetwork } = await import('../../network/containers/wire.js');
  wireNetwork();
  const { resolveTarget, podForExec, defaultContainer, defaultedContainerNotice } = await import('../../network/containers/pod-target.js');
  const { podBox, runInBox, pruneContainerState } = await import('../../network/containers/toolbox.js');
  const { missingHints } = await import('../../network/containers/shell/interpreter.js');

  for (const line of early) rt.stderr.write(line + '\n');
  const result = await mutateCluster(stateLocation(rt), sessionOptions(rt), (cluster): ExecOutcome => {
    const pod: Pod = podForExec(resolveTarget(cluster, namespace, target));
    const notices: string[] = [];
    const name = pod.metadata.name;
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') throw new KubesimError(`cannot exec into a container in a completed pod; current phase is ${phase}`);
    if (!pod.spec.nodeName) throw new ApiError('BadRequest', `pod ${name} does not have a host assigned`);
    let containerName = opts.container;
    if (!containerName) {
      const d = defaultContainer(pod);
      containerName = d.name;
      if (!d.viaAnnotation && !opts.quiet) {
        const n = defaultedContainerNotice(pod, containerName);
        if (n) notices.push(n);
      }
    }
    const container = [...pod.spec.containers, ...(pod.spec.initContainers ?? [])].find((c) => c.name === containerName);
    if (!container) throw new ApiError('BadRequest', `container ${containerName} is not valid for pod ${name}`);
    const status = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])].find((s) => s.name === containerName);
    if (!status?.state?.running) {
      const waiting = status?.state?.waiting?.reason;
      throw new KubesimError(`unable to upgrade connection: container not found ("${containerName}")`, { hint: waiting ? `container ${containerName} is not running (${waiting})` : undefined });
    }
    pruneContainerState(cluster);
    const { box, env } = podBox(cluster, pod, container, { tty });
    const trace: TraceHop[] = [];
    const r = runInBox(box, command, env, stdin, trace);
    if (r === 'not-found') {
      cluster.dirty = true;
      const id = cluster.random.hex(64);
      const cmd = command[0];
      const why = cmd.includes('/') ? `exec: "${cmd}": stat ${cmd}: no such file or directory: unknown` : `exec: "${cmd}": executable file not found in $PATH: unknown`;
      throw new KubesimError(`Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "${id}": OCI runtime exec failed: exec failed: unable to start container process: ${why}`, { hint: missingHints(cmd, box)[0] ?? shellHint(box.lookup('sh') !== undefined, cmd) });
    }
    return { chunks: r.chunks ?? [...(r.stdout ? [{ fd: 1 as const, text: r.stdout }] : []), ...(r.stderr ? [{ fd: 2 as const, text: r.stderr }] : [])], code: r.code, notices, trace, hints: box.hints };
  });

  for (const n of result.notices) rt.stderr.write(n + '\n');
  for (const c of result.chunks) {
    // With a TTY the remote stderr is merged into stdout.
    if (c.fd === 1 || tty) rt.stdout.write(c.text);
    else rt.stderr.write(c.text);
  }
  if (result.code !== 0) rt.stderr.write(`command terminated with exit code ${result.code}\n`);
  if (opts.trace) writeTrace(rt, result.trace);
  if (rt.hints) for (const h of dedupe(result.hints)) rt.stderr.write(`hint: ${h}\n`);
  return result.code;
}

function shellHint(hasShell: boolean, cmd: string): string | undefined {
  if (['sh', 'bash', '/bin/sh', '/bin/bash'].includes(cmd) && !hasShell) return 'this image has no shell (scratch/distroless); use `kubectl debug` with a toolbox image, or exec into another pod';
  if (['cd', 'export', 'source', 'alias'].includes(cmd)) return `${cmd} is a shell builtin, not a program; run it inside a shell: -- sh -c '${cmd} …'`;
  return undefined;
}

export function dedupe(lines: string[]): string[] {
  return [...new Set(lines)];
}

/** `--trace`: one line per hop, after the command's own output. */
export function writeTrace(rt: Runtime, hops: TraceHop[]): void {
  if (hops.length === 0) {
    rt.stderr.write('trace: (no network activity)\n');
    return;
  }
  const width = Math.max(...hops.map((h) => h.layer.length));
  for (const h of hops) rt.stderr.write(`trace: ${h.layer.padEnd(width)}  ${h.text}\n`);
}
