/**
 * `kubesim rollout status|history|restart|undo`, as kubectl rollout.
 *
 * `status` prints kubectl's status-viewer message each time the object changes (kubesim re-reads
 * the state file, see wait.ts) until the rollout is done, the timeout passes or the deadline of a
 * stuck Deployment passes.
 *
 * The progress deadline. A real cluster marks a Deployment that made no progress for
 * `progressDeadlineSeconds` (default 600) with Progressing=False/ProgressDeadlineExceeded, and a
 * watching `kubectl rollout status` then fails with `deployment "x" exceeded its progress deadline`.
 * kubesim's controllers only run when a command writes, so the deadline is judged here, on the
 * cluster clock: it has passed when the Progressing condition's lastUpdateTime +
 * progressDeadlineSeconds is not after the clock (KUBESIM_NOW or the wall clock). When it has not
 * passed yet, kubesim does not sleep up to ten minutes: a settled cluster makes no progress
 * without another command, so when the wait would outlast the deadline (no --timeout, or a
 * --timeout at least as long as the time left) kubesim reports the deadline error at once, after
 * the waiting line, with a hint saying when the deadline falls. A --timeout shorter than the time
 * left is waited for in real time (another terminal may fix the rollout meanwhile).
 */
import type { Runtime } from '../runtime.js';
import { currentNamespace, sessionOptions, stateLocation } from '../runtime.js';
import { mutateCluster } from '../../apiserver/session.js';
import { updateObject } from '../../apiserver/objects.js';
import { notFoundError } from '../../apiserver/status.js';
import { KubesimError } from '../../errors.js';
import { rfc3339 } from '../../clock.js';
import { qualifiedResource, type KObject, type ResourceInfo } from '../../api/resources.js';
import { nameOf } from '../../printers/output.js';
import { PrefixWriter } from '../../printers/describe/prefix-writer.js';
import { describePodTemplate } from '../../printers/describe/pod-template.js';
import { tabbedString, type TabWriter } from '../../printers/describe/tabwriter.js';
import { POD_TEMPLATE_HASH_LABEL, REVISION_ANNOTATION, REVISION_HISTORY_ANNOTATION, DESIRED_REPLICAS_ANNOTATION, MAX_REPLICAS_ANNOTATION, templateKey, type Deployment } from '../../controllers/deployment.js';
import { controllerOf, type ReplicaSet } from '../../controllers/replicaset.js';
import type { Cluster } from '../../store/cluster-state.js';
import { parseResourceArgs } from './common.js';
import { reportErrors } from './report.js';
import { parseTimeoutFlag, realWaiter, type Waiter } from './wait.js';
import { POLL_MS, StatePoller } from '../../apiserver/state-poller.js';

export const RESTARTED_AT_ANNOTATION = 'kubectl.kubernetes.io/restartedAt';
export const CHANGE_CAUSE_ANNOTATION = 'kubernetes.io/change-cause';

// ---------------------------------------------------------------------------------------------
// Status viewers (pure)

export interface RolloutStatus {
  message: string;
  done: boolean;
}

interface DeploymentLike extends KObject {
  spec: { replicas?: number; progressDeadlineSeconds?: number; paused?: boolean };
  status?: {
    observedGeneration?: number;
    replicas?: number;
    updatedReplicas?: number;
    availableReplicas?: number;
    conditions?: { type: string; status: string; reason?: string; lastUpdateTime?: string }[];
  };
}

/** `TimedOutReason`: the reason the controller gives a rollout past its deadline. */
export const PROGRESS_DEADLINE_EXCEEDED = 'ProgressDeadlineExceeded';

/** Has the rollout more to do (the waiting messages' conditions)? */
function deploymentIncomplete(d: DeploymentLike): boolean {
  const st = d.status ?? {};
  const updated = st.updatedReplicas ?? 0;
  return (d.spec.replicas !== undefined && updated < d.spec.replicas) || (st.replicas ?? 0) > updated || (st.availableReplicas ?? 0) < updated;
}

/**
 * When the deployment's progress deadline falls (cluster time, ms since the epoch), if one applies:
 * a deadline is set, the rollout is not complete, and the Progressing condition is neither
 * complete nor paused.
 */
export function progressDeadlineAt(d: DeploymentLike): number | undefined {
  const pds = d.spec.progressDeadlineSeconds;
  if (pds === undefined || d.spec.paused) return undefined;
  const cond = d.status?.conditions?.find((c) => c.type === 'Progressing');
  if (!cond || cond.reason === 'NewReplicaSetAvailable' || cond.reason === 'DeploymentPaused') return undefined;
  if (!deploymentIncomplete(d)) return undefined;
  const t = Date.parse(cond.lastUpdateTime ?? '');
  return Number.isNaN(t) ? undefined : t + pds * 1000;
}

/** Past its deadline: marked by the controller, or judged on the cluster clock. */
export function progressDeadlineExceeded(d: DeploymentLike, now: Date): boolean {
  const cond = d.status?.conditions?.find((c) => c.type === 'Progressing');
  if (cond?.reason === PROGRESS_DEADLINE_EXCEEDED) return true;
  const at = progressDeadlineAt(d);
  return at !== undefined && at <= now.getTime();
}

/** kubectl's DeploymentStatusViewer, with the progress deadline judged at `now`. */
export function deploymentRolloutStatus(d: DeploymentLike, revision: number, now: Date): RolloutStatus {
  const name = d.metadata.name;
  if (revision > 0) {
    const running = Number(d.metadata.annotations?.[REVISION_ANNOTATION] ?? 0);
    if (!Number.isInteger(running)) throw new KubesimError(`cannot get the revision of deployment ${JSON.stringify(name)}: strconv.ParseInt: parsing ${JSON.stringify(d.metadata.annotations?.[REVISION_ANNOTATION])}: invalid syntax`);
    if (running !== revision) throw new KubesimError(`desired revision (${revision}) is different from the running revision (${running})`);
  }
  const st = d.status ?? {};
  if ((d.metadata.generation ?? 0) > (st.observedGeneration ?? 0)) return { message: 'Waiting for deployment spec update to be observed...', done: false };
  if (progressDeadlineExceeded(d, now)) throw new KubesimError(`deployment ${JSON.stringify(name)} exceeded its progress deadline`);
  const updated = st.updatedReplicas ?? 0;
  const replicas = st.replicas ?? 0;
  const available = st.availableReplicas ?? 0;
  const prefix = `Waiting for deployment ${JSON.stringify(name)} rollout to finish: `;
  if (d.spec.replicas !== undefined && updated < d.spec.replicas) return { message: `${prefix}${updated} out of ${d.spec.replicas} new replicas have been updated...`, done: false };
  if (replicas > updated) return { message: `${prefix}${replicas - updated} old replicas are pending termination...`, done: false };
  if (available < updated) return { message: `${prefix}${available} of ${updated} updated replicas are available...`, done: false };
  return { message: `deployment ${JSON.stringify(name)} successfully rolled out`, done: true };
}

interface DaemonSetLike extends KObject {
  spec: { updateStrategy?: { type?: string } };
  status?: { observedGeneration?: number; updatedNumberScheduled?: number; desiredNumberScheduled?: number; numberAvailable?: number };
}

/** kubectl's DaemonSetStatusViewer (the revision is ignored). */
export function daemonSetRolloutStatus(ds: DaemonSetLike): RolloutStatus {
  if ((ds.spec.updateStrategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') throw new KubesimError('rollout status is only available for RollingUpdate strategy type');
  const st = ds.status ?? {};
  const name = JSON.stringify(ds.metadata.name);
  if ((ds.metadata.generation ?? 0) > (st.observedGeneration ?? 0)) return { message: 'Waiting for daemon set spec update to be observed...', done: false };
  const desired = st.desiredNumberScheduled ?? 0;
  const updated = st.updatedNumberScheduled ?? 0;
  const available = st.numberAvailable ?? 0;
  if (updated < desired) return { message: `Waiting for daemon set ${name} rollout to finish: ${updated} out of ${desired} new pods have been updated...`, done: false };
  if (available < desired) return { message: `Waiting for daemon set ${name} rollout to finish: ${available} of ${desired} updated pods are available...`, done: false };
  return { message: `daemon set ${name} successfully rolled out`, done: true };
}

interface StatefulSetLike extends KObject {
  spec: { replicas?: number; updateStrategy?: { type?: string; rollingUpdate?: { partition?: number } } };
  status?: { observedGeneration?: number; readyReplicas?: number; updatedReplicas?: number; currentReplicas?: number; currentRevision?: string; updateRevision?: string };
}

/** kubectl's StatefulSetStatusViewer. */
export function statefulSetRolloutStatus(sts: StatefulSetLike): RolloutStatus {
  const strategy = sts.spec.updateStrategy?.type ?? 'RollingUpdate';
  if (strategy !== 'RollingUpdate') throw new KubesimError('rollout status is only available for RollingUpdate strategy type');
  const st = sts.status ?? {};
  if (!st.observedGeneration || (sts.metadata.generation ?? 0) > st.observedGeneration) return { message: 'Waiting for statefulset spec update to be observed...', done: false };
  const replicas = sts.spec.replicas;
  if (replicas !== undefined && (st.readyReplicas ?? 0) < replicas) return { message: `Waiting for ${replicas - (st.readyReplicas ?? 0)} pods to be ready...`, done: false };
  const ru = sts.spec.updateStrategy?.rollingUpdate;
  if (ru) {
    if (replicas !== undefined && ru.partition !== undefined && (st.updatedReplicas ?? 0) < replicas - ru.partition) {
      return { message: `Waiting for partitioned roll out to finish: ${st.updatedReplicas ?? 0} out of ${replicas - ru.partition} new pods have been updated...`, done: false };
    }
    return { message: `partitioned roll out complete: ${st.updatedReplicas ?? 0} new pods have been updated...`, done: true };
  }
  if (st.updateRevision !== st.currentRevision) {
    return { message: `waiting for statefulset rolling update to complete ${st.updatedReplicas ?? 0} pods at revision ${st.updateRevision ?? ''}...`, done: false };
  }
  return { message: `statefulset rolling update complete ${st.currentReplicas ?? 0} pods at revision ${st.currentRevision ?? ''}...`, done: true };
}

/** `Service`, `ReplicaSet.apps`: how kubectl prints a schema.GroupKind. */
function groupKind(r: ResourceInfo): string {
  return r.group ? `${r.kind}.${r.group}` : r.kind;
}

export function rolloutStatusOf(obj: KObject, revision: number, now: Date): RolloutStatus {
  switch (obj.kind) {
    case 'Deployment':
      return deploymentRolloutStatus(obj as DeploymentLike, revision, now);
    case 'DaemonSet':
      return daemonSetRolloutStatus(obj as DaemonSetLike);
    case 'StatefulSet':
      return statefulSetRolloutStatus(obj as StatefulSetLike);
  }
  throw new KubesimError(`unexpected kind ${obj.kind}`);
}

// ---------------------------------------------------------------------------------------------
// Arguments

interface Target {
  resource: ResourceInfo;
  namespace: string | undefined;
  name: string;
}

/** `TYPE NAME`, `TYPE/NAME`, or `TYPE` (every object of the type); errors as kubectl's builder. */
function resolveTargets(cluster: Cluster, args: string[], namespace: string): { targets: Target[]; errors: KubesimError[] } {
  if (args.length === 0) throw new KubesimError('required resource not specified');
  const parsed = parseResourceArgs(args);
  const targets: Target[] = [];
  const errors: KubesimError[] = [];
  for (const q of parsed.requests) {
    const ns = q.resource.namespaced ? namespace : undefined;
    if (q.name !== undefined) {
      if (cluster.get(q.resource.kind, ns, q.name)) targets.push({ resource: q.resource, namespace: ns, name: q.name });
      else errors.push(notFoundError(qualifiedResource(q.resource), q.name));
    } else {
      for (const o of cluster.list(q.resource.kind, ns)) targets.push({ resource: q.resource, namespace: ns, name: o.metadata.name });
    }
  }
  return { targets, errors };
}

/** `--watch` is `[bool]` in the CLI: a value that is not a boolean was a resource argument. */
function splitWatch(value: unknown, args: string[]): { watch: boolean; args: string[] } {
  if (value === undefined || value === true || value === false) return { watch: value !== false, args };
  const v = String(value).toLowerCase();
  if (['1', 't', 'true'].includes(v)) return { watch: true, args };
  if (['0', 'f', 'false'].includes(v)) return { watch: false, args };
  return { watch: true, args: [String(value), ...args] };
}

function resultLine(obj: KObject, operation: string): string {
  return `${nameOf(obj)} ${operation}\n`;
}

// ---------------------------------------------------------------------------------------------
// rollout status

export interface RolloutStatusOptions {
  namespace?: string;
  watch?: boolean | string;
  timeout?: string;
  revision?: number;
}

export interface RolloutDeps {
  waiter?: Waiter;
}

export async function runRolloutStatus(rt: Runtime, rawArgs: string[], opts: RolloutStatusOptions, deps: RolloutDeps = {}): Promise<number> {
  const waiter = deps.waiter ?? realWaiter;
  const { watch, args } = splitWatch(opts.watch, rawArgs);
  const timeout = Math.max(0, parseTimeoutFlag(opts.timeout, 0, 'kubesim rollout status'));
  const revision = opts.revision ?? 0;
  if (args.length === 0) throw new KubesimError('required resource not specified');
  if (revision < 0) throw new KubesimError(`revision must be a positive integer: ${revision}`);
  const namespace = currentNamespace(rt, opts.namespace);
  const poller = new StatePoller(stateLocation(rt), sessionOptions(rt));
  const { targets, errors } = resolveTargets(await poller.current(), args, namespace);
  if (errors.length > 0) return reportErrors(rt, errors);
  if (targets.length !== 1) throw new KubesimError(`rollout status is only supported on individual resources and resource collections - ${targets.length} resources were found`);
  const t = targets[0];
  if (!['Deployment', 'DaemonSet', 'StatefulSet'].includes(t.resource.kind)) throw new KubesimError(`no status viewer has been implemented for ${groupKind(t.resource)}`);

  const start = waiter.now();
  let lastVersion: string | undefined;
  for (;;) {
    const obj = (await poller.current()).get(t.resource.kind, t.namespace, t.name);
    if (!obj) throw new KubesimError('object has been deleted');
    const now = rt.clock.now();
    if (obj.metadata.resourceVersion !== lastVersion) {
      lastVersion = obj.metadata.resourceVersion;
      const status = rolloutStatusOf(obj, revision, now);
      rt.stdout.write(status.message + '\n');
      if (status.done || !watch) return 0;
    }
    const left = timeout > 0 ? start + timeout - waiter.now() : Infinity;
    if (obj.kind === 'Deployment') {
      const at = progressDeadlineAt(obj as DeploymentLike);
      if (at !== undefined && left >= at - now.getTime()) {
        // A settled cluster makes no progress by itself: the deadline is reached before the wait ends.
        const hint = `the rollout cannot progress without another command; kubectl would report this when the progress deadline (${(obj as Deployment).spec.progressDeadlineSeconds}s) passes, at ${rfc3339(new Date(at))} on the cluster clock`;
        throw new KubesimError(`deployment ${JSON.stringify(t.name)} exceeded its progress deadline`, { hint });
      }
    }
    if (left <= 0) throw new KubesimError('timed out waiting for the condition');
    await waiter.sleep(Math.min(POLL_MS, left));
  }
}

// ---------------------------------------------------------------------------------------------
// History (Deployments keep theirs in their ReplicaSets)

/** The deployment's ReplicaSets with their revisions (kubectl's GetAllReplicaSets: owned by uid). */
export function replicaSetsByRevision(cluster: Cluster, d: KObject): Map<number, ReplicaSet> {
  const out = new Map<number, ReplicaSet>();
  for (const rs of cluster.list<ReplicaSet>('ReplicaSet', d.metadata.namespace)) {
    if (controllerOf(rs)?.uid !== d.metadata.uid) continue;
    const raw = rs.metadata.annotations?.[REVISION_ANNOTATION];
    if (raw === undefined || !/^[-+]?\d+$/.test(raw)) continue;
    out.set(Number(raw), rs);
  }
  return out;
}

/** The `REVISION  CHANGE-CAUSE` table (Go tabwriter, padding 2). */
export function historyTable(revisions: Map<number, ReplicaSet>): string {
  if (revisions.size === 0) return 'No rollout history found.';
  const rows = [...revisions.keys()].sort((a, b) => a - b).map((r) => `${r}\t${revisions.get(r)!.metadata.annotations?.[CHANGE_CAUSE_ANNOTATION] || '<none>'}\n`);
  return tabbedString((w) => {
    w.write('REVISION\tCHANGE-CAUSE\n');
    for (const row of rows) w.write(row);
  });
}

/** describe's pod template written straight to a buffer (kubectl does not align it: tabs stay). */
function printTemplate(template: ReplicaSet['spec']['template']): string {
  let buf = '';
  const raw = { write: (s: string) => void (buf += s), flush: () => undefined } as unknown as TabWriter;
  describePodTemplate(template as never, new PrefixWriter(raw));
  return buf;
}

function unsupportedHistory(r: ResourceInfo): KubesimError {
  return new KubesimError(`no history viewer has been implemented for ${JSON.stringify(groupKind(r))}`, {
    hint: r.kind === 'StatefulSet' || r.kind === 'DaemonSet' ? 'kubesim does not keep ControllerRevisions yet, so only Deployments have a rollout history' : undefined,
  });
}

export interface RolloutHistoryOptions {
  namespace?: string;
  revision?: number;
}

export async function runRolloutHistory(rt: Runtime, args: string[], opts: RolloutHistoryOptions): Promise<number> {
  const revision = opts.revision ?? 0;
  if (args.length === 0) throw new KubesimError('required resource not specified');
  if (revision < 0) throw new KubesimError(`revision must be a positive integer: ${revision}`);
  const namespace = currentNamespace(rt, opts.namespace);
  const cluster = await new StatePoller(stateLocation(rt), sessionOptions(rt)).current();
  const { targets, errors } = resolveTargets(cluster, args, namespace);
  for (const t of targets) {
    if (t.resource.kind !== 'Deployment') {
      errors.push(unsupportedHistory(t.resource));
      continue;
    }
    const d = cluster.get('Deployment', t.namespace, t.name)!;
    const revisions = replicaSetsByRevision(cluster, d);
    let info: string;
    if (revision > 0 && revisions.size > 0) {
      const rs = revisions.get(revision);
      if (!rs) {
        errors.push(new KubesimError('unable to find the specified revision'));
        continue;
      }
      info = printTemplate(rs.spec.template);
    } else info = historyTable(revisions);
    const withRevision = revision > 0 ? `with revision #${revision}` : '';
    rt.stdout.write(resultLine(d, `${withRevision}\n${info}`));
  }
  return reportErrors(rt, errors);
}

// ---------------------------------------------------------------------------------------------
// rollout restart

/** Go's time.Now().Format(time.RFC3339): local time with its offset (`Z` when the offset is 0). */
export function localRfc3339(d: Date): string {
  const offsetMin = -d.getTimezoneOffset();
  const pad = (n: number) => String(Math.trunc(Math.abs(n))).padStart(2, '0');
  const date = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  if (offsetMin === 0) return `${date}Z`;
  return `${date}${offsetMin < 0 ? '-' : '+'}${pad(offsetMin / 60)}:${pad(offsetMin % 60)}`;
}

export interface RolloutRestartOptions {
  namespace?: string;
}

export async function runRolloutRestart(rt: Runtime, args: string[], opts: RolloutRestartOptions): Promise<number> {
  if (args.length === 0) throw new KubesimError('required resource not specified');
  const namespace = currentNamespace(rt, opts.namespace);
  const errors: KubesimError[] = [];
  await mutateCluster(stateLocation(rt), sessionOptions(rt), (cluster) => {
    const resolved = resolveTargets(cluster, args, namespace);
    errors.push(...resolved.errors);
    const stamp = localRfc3339(rt.clock.now());
    for (const t of resolved.targets) {
      const obj = cluster.get(t.resource.kind, t.namespace, t.name)!;
      const label = `${qualifiedResource(t.resource)} ${JSON.stringify(t.name)}`;
      if (!['Deployment', 'DaemonSet', 'StatefulSet'].includes(obj.kind)) {
        errors.push(new KubesimError(`${label} restarting is not supported`));
        continue;
      }
      const spec = obj.spec as { paused?: boolean; template?: { metadata?: { annotations?: Record<string, string> } } };
      if (obj.kind === 'Deployment' && spec.paused) {
        errors.push(new KubesimError(`${label} can't restart paused deployment (run rollout resume first)`));
        continue;
      }
      const next = structuredClone(obj);
      const tpl = ((next.spec as typeof spec).template ??= {});
      tpl.metadata ??= {};
      tpl.metadata.annotations = { ...(tpl.metadata.annotations ?? {}), [RESTARTED_AT_ANNOTATION]: stamp };
      const stored = updateObject(cluster, next);
      rt.stdout.write(resultLine(stored, 'restarted'));
    }
  });
  return reportErrors(rt, errors);
}

// ---------------------------------------------------------------------------------------------
// rollout undo

/** Annotations a rollback keeps from the deployment rather than copying from the ReplicaSet. */
const ROLLBACK_KEEP = new Set(['kubectl.kubernetes.io/last-applied-configuration', REVISION_ANNOTATION, REVISION_HISTORY_ANNOTATION, DESIRED_REPLICAS_ANNOTATION, MAX_REPLICAS_ANNOTATION, 'deprecated.deployment.rollback.to']);

/** The ReplicaSet to roll back to: the given revision, or the one before the latest. */
export function rollbackTarget(revisions: Map<number, ReplicaSet>, toRevision: number, deploymentName: string): ReplicaSet {
  const notFound = () => new KubesimError(`unable to find specified revision ${toRevision} in history`);
  if (toRevision < 0) throw notFound();
  if (toRevision > 0) {
    const rs = revisions.get(toRevision);
    if (!rs) throw notFound();
    return rs;
  }
  const sorted = [...revisions.keys()].sort((a, b) => b - a);
  if (sorted.length < 2) throw new KubesimError(`no rollout history found for deployment ${JSON.stringify(deploymentName)}`);
  return revisions.get(sorted[1])!;
}

export interface RolloutUndoOptions {
  namespace?: string;
  toRevision?: number;
  dryRun?: string | boolean;
}

export async function runRolloutUndo(rt: Runtime, args: string[], opts: RolloutUndoOptions): Promise<number> {
  if (args.length === 0) throw new KubesimError('required resource not specified');
  const toRevision = opts.toRevision ?? 0;
  const namespace = currentNamespace(rt, opts.namespace);
  const errors: KubesimError[] = [];
  await mutateCluster(stateLocation(rt), sessionOptions(rt), (cluster) => {
    const resolved = resolveTargets(cluster, args, namespace);
    errors.push(...resolved.errors);
    for (const t of resolved.targets) {
      if (t.resource.kind !== 'Deployment') {
        errors.push(
          new KubesimError(`no rollbacker has been implemented for ${JSON.stringify(groupKind(t.resource))}`, {
            hint: t.resource.kind === 'StatefulSet' || t.resource.kind === 'DaemonSet' ? 'kubesim does not keep ControllerRevisions yet, so only Deployments can be rolled back' : undefined,
          }),
        );
        continue;
      }
      const d = cluster.get<Deployment>('Deployment', t.namespace, t.name)!;
      try {
        const rs = rollbackTarget(replicaSetsByRevision(cluster, d), toRevision, d.metadata.name);
        if (d.spec.paused) {
          throw new KubesimError(`you cannot rollback a paused deployment; resume it first with 'kubesim rollout resume deployment/${d.metadata.name}' and try again`);
        }
        if (templateKey(rs.spec.template) === templateKey(d.spec.template)) {
          rt.stdout.write(resultLine(d, `skipped rollback (current template already matches revision ${toRevision})`));
          continue;
        }
        const template = structuredClone(rs.spec.template);
        if (template.metadata?.labels) {
          delete template.metadata.labels[POD_TEMPLATE_HASH_LABEL];
          if (Object.keys(template.metadata.labels).length === 0) delete template.metadata.labels;
        }
        const annotations: Record<string, string> = {};
        for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) if (ROLLBACK_KEEP.has(k)) annotations[k] = v;
        for (const [k, v] of Object.entries(rs.metadata.annotations ?? {})) if (!ROLLBACK_KEEP.has(k)) annotations[k] = v;
        const next = structuredClone(d);
        next.spec.template = template;
        next.metadata.annotations = annotations;
        if (Object.keys(annotations).length === 0) delete next.metadata.annotations;
        updateObject(cluster, next);
        rt.stdout.write(resultLine(d, 'rolled back'));
      } catch (e) {
        if (e instanceof KubesimError) errors.push(e);
        else throw e;
      }
    }
  });
  return reportErrors(rt, errors);
}
