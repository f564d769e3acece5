/**
 * `rollout`: the status viewers' messages in kubectl's order, the progress deadline judged on the
 * cluster clock, history tables, the rollback target, restart's timestamp, and `rollout status`
 * in-process with a fake clock for its timeout.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  daemonSetRolloutStatus,
  deploymentRolloutStatus,
  historyTable,
  localRfc3339,
  progressDeadlineAt,
  rollbackTarget,
  runRolloutHistory,
  runRolloutRestart,
  runRolloutStatus,
  runRolloutUndo,
  statefulSetRolloutStatus,
} from '../../src/cli/commands/rollout.js';
import type { Waiter } from '../../src/cli/commands/wait.js';
import type { Runtime } from '../../src/cli/runtime.js';
import { frozenClock, type Clock } from '../../src/clock.js';
import { defaultPreferences } from '../../src/store/preferences.js';
import { mutateCluster } from '../../src/apiserver/session.js';
import { createObject, updateObject } from '../../src/apiserver/objects.js';
import { KubesimError } from '../../src/errors.js';
import { printError } from '../../src/cli/errors.js';
import type { KObject } from '../../src/api/resources.js';
import type { ReplicaSet } from '../../src/controllers/replicaset.js';

const NOW = new Date('2026-11-26T05:00:00Z');

function deployment(spec: Record<string, unknown>, status: Record<string, unknown>, generation = 1): KObject & { spec: never } {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'frontend', generation }, spec: { replicas: 3, progressDeadlineSeconds: 600, ...spec }, status } as never;
}

const progressing = (reason: string, at = '2026-11-26T05:00:00Z') => ({ type: 'Progressing', status: 'True', reason, lastUpdateTime: at, lastTransitionTime: at });

describe('deployment status viewer (§7.1 order)', () => {
  const msg = (d: KObject, now = NOW) => deploymentRolloutStatus(d as never, 0, now);

  it('waits for the spec to be observed first', () => {
    expect(msg(deployment({}, { observedGeneration: 1 }, 2))).toEqual({ message: 'Waiting for deployment spec update to be observed...', done: false });
  });

  it('prints the rollout messages in order', () => {
    const base = { observedGeneration: 1, conditions: [progressing('ReplicaSetUpdated')] };
    expect(msg(deployment({}, { ...base, updatedReplicas: 1, replicas: 4, availableReplicas: 3 })).message).toBe('Waiting for deployment "frontend" rollout to finish: 1 out of 3 new replicas have been updated...');
    expect(msg(deployment({}, { ...base, updatedReplicas: 3, replicas: 4, availableReplicas: 3 })).message).toBe('Waiting for deployment "frontend" rollout to finish: 1 old replicas are pending termination...');
    expect(msg(deployment({}, { ...base, updatedReplicas: 3, replicas: 3, availableReplicas: 2 })).message).toBe('Waiting for deployment "frontend" rollout to finish: 2 of 3 updated replicas are available...');
    expect(msg(deployment({}, { ...base, updatedReplicas: 3, replicas: 3, availableReplicas: 3, conditions: [progressing('NewReplicaSetAvailable')] }))).toEqual({
      message: 'deployment "frontend" successfully rolled out',
      done: true,
    });
  });

  it('fails on a deadline the controller marked', () => {
    const d = deployment({}, { observedGeneration: 1, updatedReplicas: 1, replicas: 4, conditions: [{ ...progressing('ProgressDeadlineExceeded'), status: 'False' }] });
    expect(() => msg(d)).toThrow('deployment "frontend" exceeded its progress deadline');
  });

  it('judges an unmarked deadline on the cluster clock', () => {
    const stuck = { observedGeneration: 1, updatedReplicas: 1, replicas: 4, availableReplicas: 3, conditions: [progressing('ReplicaSetUpdated')] };
    const d = deployment({}, stuck);
    expect(progressDeadlineAt(d as never)).toBe(Date.parse('2026-11-26T05:10:00Z'));
    expect(msg(d, new Date('2026-11-26T05:09:59Z')).done).toBe(false);
    expect(() => msg(d, new Date('2026-11-26T05:10:00Z'))).toThrow('exceeded its progress deadline');
    // Paused, complete, or without a deadline: none applies.
    expect(progressDeadlineAt(deployment({ paused: true }, stuck) as never)).toBeUndefined();
    expect(progressDeadlineAt(deployment({ progressDeadlineSeconds: undefined }, stuck) as never)).toBeUndefined();
    expect(progressDeadlineAt(deployment({}, { observedGeneration: 1, updatedReplicas: 3, replicas: 3, availableReplicas: 3, conditions: [progressing('ReplicaSetUpdated')] }) as never)).toBeUndefined();
  });

  it('checks --revision against the running revision', () => {
    const d = deployment({}, { observedGeneration: 1, updatedReplicas: 3, replicas: 3, availableReplicas: 3 });
    d.metadata.annotations = { 'deployment.kubernetes.io/revision': '3' };
    expect(() => deploymentRolloutStatus(d as never, 2, NOW)).toThrow('desired revision (2) is different from the running revision (3)');
    expect(deploymentRolloutStatus(d as never, 3, NOW).done).toBe(true);
  });
});

describe('daemon set and stateful set viewers', () => {
  const meta = { name: 'ds', generation: 1 };
  it('daemon set', () => {
    const ds = (status: object, type = 'RollingUpdate') => ({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: meta, spec: { updateStrategy: { type } }, status }) as never;
    expect(daemonSetRolloutStatus(ds({ observedGeneration: 1, desiredNumberScheduled: 3, updatedNumberScheduled: 1 })).message).toBe('Waiting for daemon set "ds" rollout to finish: 1 out of 3 new pods have been updated...');
    expect(daemonSetRolloutStatus(ds({ observedGeneration: 1, desiredNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 2 })).message).toBe('Waiting for daemon set "ds" rollout to finish: 2 of 3 updated pods are available...');
    expect(daemonSetRolloutStatus(ds({ observedGeneration: 1, desiredNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 3 })).message).toBe('daemon set "ds" successfully rolled out');
    expect(() => daemonSetRolloutStatus(ds({}, 'OnDelete'))).toThrow('rollout status is only available for RollingUpdate strategy type');
  });
  it('stateful set', () => {
    const sts = (status: object, strategy: object = { type: 'RollingUpdate' }) => ({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db', generation: 1 }, spec: { replicas: 3, updateStrategy: strategy }, status }) as never;
    expect(statefulSetRolloutStatus(sts({})).message).toBe('Waiting for statefulset spec update to be observed...');
    expect(statefulSetRolloutStatus(sts({ observedGeneration: 1, readyReplicas: 1 })).message).toBe('Waiting for 2 pods to be ready...');
    expect(statefulSetRolloutStatus(sts({ observedGeneration: 1, readyReplicas: 3, currentReplicas: 3, currentRevision: 'db-abc', updateRevision: 'db-abc' }))).toEqual({
      message: 'statefulset rolling update complete 3 pods at revision db-abc...',
      done: true,
    });
    expect(statefulSetRolloutStatus(sts({ observedGeneration: 1, readyReplicas: 3, updatedReplicas: 1, currentRevision: 'db-abc', updateRevision: 'db-def' })).message).toBe('waiting for statefulset rolling update to complete 1 pods at revision db-def...');
    expect(statefulSetRolloutStatus(sts({ observedGeneration: 1, readyReplicas: 3, updatedReplicas: 1 }, { type: 'RollingUpdate', rollingUpdate: { partition: 1 } })).message).toBe('Waiting for partitioned roll out to finish: 1 out of 2 new pods have been updated...');
  });
});

describe('history and rollback target', () => {
  const rs = (rev: number, cause?: string): ReplicaSet =>
    ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: `rs-${rev}`, annotations: { 'deployment.kubernetes.io/revision': String(rev), ...(cause ? { 'kubernetes.io/change-cause': cause } : {}) } }, spec: {} }) as never;

  it('prints the REVISION CHANGE-CAUSE table', () => {
    expect(historyTable(new Map([[2, rs(2)], [10, rs(10, 'kubectl set image deployment/frontend web=nginx:1.27')], [1, rs(1)]]))).toBe(
      'REVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n10        kubectl set image deployment/frontend web=nginx:1.27\n',
    );
    expect(historyTable(new Map())).toBe('No rollout history found.');
  });

  it('picks the previous revision or the one asked for', () => {
    const revs = new Map([[1, rs(1)], [3, rs(3)], [2, rs(2)]]);
    expect(rollbackTarget(revs, 0, 'frontend').metadata.name).toBe('rs-2');
    expect(rollbackTarget(revs, 1, 'frontend').metadata.name).toBe('rs-1');
    expect(() => rollbackTarget(revs, 7, 'frontend')).toThrow('unable to find specified revision 7 in history');
    expect(() => rollbackTarget(revs, -1, 'frontend')).toThrow('unable to find specified revision -1 in history');
    expect(() => rollbackTarget(new Map([[1, rs(1)]]), 0, 'frontend')).toThrow('no rollout history found for deployment "frontend"');
  });

  it('stamps restarts in Go RFC 3339 (Z for a zero offset)', () => {
    const s = localRfc3339(new Date('2026-11-26T05:00:00Z'));
    expect(s).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$/);
    if (new Date('2026-11-26T05:00:00Z').getTimezoneOffset() === 0) expect(s).toBe('2026-11-26T05:00:00Z');
  });
});

// ---------------------------------------------------------------------------------------------
// In-process commands

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function harness(clock: Clock = frozenClock(NOW)) {
  const dir = mkdtempSync(join(tmpdir(), 'kubesim-rollout-'));
  dirs.push(dir);
  let out = '';
  let err = '';
  const rt: Runtime = {
    env: { KUBESIM_STATE: join(dir, 'state.json'), KUBESIM_SEED: '7008' },
    stdout: { write: (t) => void (out += t), isTTY: false },
    stderr: { write: (t) => void (err += t), isTTY: false },
    readStdin: () => '',
    clock,
    home: dir,
    prefs: defaultPreferences(),
    hints: true,
    colour: false,
  };
  return { rt, out: () => out, err: () => err };
}

function fakeWaiter(): Waiter & { elapsed(): number } {
  let t = 0;
  return { now: () => t, sleep: async (ms) => void (t += ms), elapsed: () => t };
}

const deploymentManifest = (image: string): KObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'frontend', namespace: 'default' },
  spec: { replicas: 3, selector: { matchLabels: { app: 'frontend' } }, template: { metadata: { labels: { app: 'frontend' } }, spec: { containers: [{ name: 'web', image }] } } },
});

async function write(rt: Runtime, fn: Parameters<typeof mutateCluster>[2]): Promise<void> {
  await mutateCluster({ path: rt.env.KUBESIM_STATE!, clusterName: 'kubesim', createIfMissing: true }, { clock: rt.clock, seed: '7008' }, fn);
}

async function run(rt: Runtime, fn: () => Promise<number>): Promise<number> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof KubesimError) return printError(rt, e);
    throw e;
  }
}

describe('rollout commands in-process', () => {
  it('status of a settled deployment is one line', async () => {
    const h = harness();
    await write(h.rt, (c) => void createObject(c, deploymentManifest('nginx:1.27')));
    expect(await run(h.rt, () => runRolloutStatus(h.rt, ['deployment/frontend'], {}, { waiter: fakeWaiter() }))).toBe(0);
    expect(h.out()).toBe('deployment "frontend" successfully rolled out\n');
  });

  it('a stuck rollout times out after --timeout, or reports its deadline when it would come first', async () => {
    const h = harness();
    await write(h.rt, (c) => void createObject(c, deploymentManifest('nginx:1.27')));
    await write(h.rt, (c) => {
      const d = structuredClone(c.get('Deployment', 'default', 'frontend')!) as KObject & { spec: { template: { spec: { containers: { image: string }[] } } } };
      d.spec.template.spec.containers[0].image = '<frontend-application-image>';
      updateObject(c, d);
    });
    const w = fakeWaiter();
    expect(await run(h.rt, () => runRolloutStatus(h.rt, ['deployment', 'frontend'], { timeout: '1s' }, { waiter: w }))).toBe(1);
    expect(h.out()).toMatch(/^Waiting for deployment "frontend" rollout to finish: \d out of 3 new replicas have been updated\.\.\.\n$/);
    expect(h.err()).toBe('error: timed out waiting for the condition\n');
    expect(w.elapsed()).toBe(1000);

    const h2 = { ...h, rt: { ...h.rt, stdout: { write: () => undefined, isTTY: false } } };
    let err2 = '';
    h2.rt.stderr = { write: (t) => void (err2 += t), isTTY: false };
    const w2 = fakeWaiter();
    expect(await run(h2.rt, () => runRolloutStatus(h2.rt, ['deployment/frontend'], {}, { waiter: w2 }))).toBe(1);
    expect(err2).toBe(
      'error: deployment "frontend" exceeded its progress deadline\nhint: the rollout cannot progress without another command; kubectl would report this when the progress deadline (600s) passes, at 2026-11-26T05:10:00Z on the cluster clock\n',
    );
    expect(w2.elapsed()).toBe(0);
  });

  it('restart makes a new revision, undo goes back, history lists both', async () => {
    const h = harness();
    await write(h.rt, (c) => void createObject(c, deploymentManifest('nginx:1.27')));
    expect(await run(h.rt, () => runRolloutRestart(h.rt, ['deployment/frontend'], {}))).toBe(0);
    expect(await run(h.rt, () => runRolloutHistory(h.rt, ['deployment/frontend'], {}))).toBe(0);
    expect(await run(h.rt, () => runRolloutUndo(h.rt, ['deployment/frontend'], {}))).toBe(0);
    expect(await run(h.rt, () => runRolloutUndo(h.rt, ['deployment/frontend'], { toRevision: 5 }))).toBe(1);
    expect(h.out()).toBe(
      'deployment.apps/frontend restarted\n' + 'deployment.apps/frontend \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n' + 'deployment.apps/frontend rolled back\n',
    );
    expect(h.err()).toBe('error: unable to find specified revision 5 in history\n');
  });
});
