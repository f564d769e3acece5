/**
 * `wait`: Go duration parsing, the `--for` forms and their errors, the condition and jsonpath
 * checks, and the whole command in-process against a real state file with a fake clock for the
 * deadline (so timeouts take no time), including a change made "by another process" mid-wait.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  conditionHolds,
  jsonPathHolds,
  parseTimeoutFlag,
  parseWaitCondition,
  runWait,
  splitJsonPathInput,
  type Waiter,
} from '../../src/cli/commands/wait.js';
import { parseGoDuration } from '../../src/cli/duration.js';
import type { Runtime } from '../../src/cli/runtime.js';
import { frozenClock } from '../../src/clock.js';
import { defaultPreferences } from '../../src/store/preferences.js';
import { mutateCluster } from '../../src/apiserver/session.js';
import { createObject, deleteObject } from '../../src/apiserver/objects.js';
import { compileJsonPath } from '../../src/printers/jsonpath.js';
import { KubesimError } from '../../src/errors.js';
import { printError } from '../../src/cli/errors.js';
import type { KObject } from '../../src/api/resources.js';

describe('parseGoDuration (time.ParseDuration)', () => {
  it.each([
    ['30s', 30_000],
    ['1m', 60_000],
    ['500ms', 500],
    ['1h2m', 3_720_000],
    ['1.5h', 5_400_000],
    ['1h30m15s', 5_415_000],
    ['0', 0],
    ['-1s', -1000],
    ['+2s', 2000],
    ['.5s', 500],
    ['1.s', 1000],
    ['1000us', 1],
    ['1000µs', 1],
    ['2000000ns', 2],
    ['0s', 0],
  ])('%s → %d ms', (text, ms) => {
    expect(parseGoDuration(text)).toBeCloseTo(ms, 6);
  });

  it.each([
    ['', 'time: invalid duration ""'],
    ['abc', 'time: invalid duration "abc"'],
    ['1', 'time: missing unit in duration "1"'],
    ['10', 'time: missing unit in duration "10"'],
    ['1x', 'time: unknown unit "x" in duration "1x"'],
    ['1sec', 'time: unknown unit "sec" in duration "1sec"'],
    ['.s', 'time: invalid duration ".s"'],
    ['-', 'time: invalid duration "-"'],
    ['1s ', 'time: unknown unit "s " in duration "1s "'],
    ['3000000h', 'time: invalid duration "3000000h"'],
  ])('%j fails with Go\'s text', (text, message) => {
    expect(() => parseGoDuration(text)).toThrow(message);
  });

  it('reports a bad --timeout as pflag does', () => {
    expect(() => parseTimeoutFlag('5', 0, 'kubesim wait')).toThrow('invalid argument "5" for "--timeout" flag: time: missing unit in duration "5"\nSee \'kubesim wait --help\' for usage.');
    expect(parseTimeoutFlag(undefined, 30_000, 'kubesim wait')).toBe(30_000);
  });
});

describe('--for', () => {
  it('parses the condition forms', () => {
    expect(parseWaitCondition('condition=Ready')).toEqual({ type: 'condition', name: 'Ready', value: 'true' });
    expect(parseWaitCondition('condition=Available=False')).toEqual({ type: 'condition', name: 'Available', value: 'False' });
    expect(parseWaitCondition('DELETE')).toEqual({ type: 'delete' });
    expect(parseWaitCondition('create')).toEqual({ type: 'create' });
    const jp = parseWaitCondition("jsonpath={.status.phase}='Running'");
    expect(jp.type === 'jsonpath' && jp.value).toBe('Running');
    const relaxed = parseWaitCondition('jsonpath=.status.phase');
    expect(relaxed.type === 'jsonpath' && relaxed.path.template).toBe('{.status.phase}');
    expect(relaxed.type === 'jsonpath' && relaxed.value).toBeUndefined();
  });

  it('splits jsonpath input at single = only', () => {
    expect(splitJsonPathInput('{.a[?(@.b=="c")].d}=x')).toEqual(['{.a[?(@.b=="c")].d}', 'x']);
    expect(splitJsonPathInput('a.b.c====d.e.f===g.h.i===')).toEqual(['a.b.c====d.e.f==', 'g.h.i==', '']);
  });

  it.each([
    [undefined, 'unrecognized condition: ""'],
    ['foo', 'unrecognized condition: "foo"'],
    ['cond=invalid', 'unrecognized condition: "cond=invalid"'],
    ["jsonpath={.metadata.name}='test=wrong'", "jsonpath wait format must be --for=jsonpath='{.status.readyReplicas}'=3 or --for=jsonpath='{.status.readyReplicas}'"],
    ['jsonpath={.metadata.name}=', "jsonpath wait has to have a value after equal sign, like --for=jsonpath='{.status.readyReplicas}'=3"],
    ['jsonpath=', 'jsonpath expression cannot be empty'],
    ['jsonpath={=True', "unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'"],
  ])('%j → %s', (flag, message) => {
    expect(() => parseWaitCondition(flag)).toThrow(message);
  });
});

const pod = (conditions: unknown[], extra: Partial<KObject> = {}): KObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p' },
  status: { phase: 'Running', conditions, podIP: '10.244.0.2' },
  ...extra,
});

describe('condition checks', () => {
  it('matches type and status case-insensitively', () => {
    const p = pod([{ type: 'Ready', status: 'True' }]);
    expect(conditionHolds(p, 'ready', 'true')).toBe(true);
    expect(conditionHolds(p, 'Ready', 'False')).toBe(false);
    expect(conditionHolds(p, 'Initialized', 'True')).toBe(false);
    expect(conditionHolds(pod([]), 'Ready', 'True')).toBe(false);
    expect(conditionHolds({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' } }, 'Ready', 'True')).toBe(false);
  });

  it('ignores a condition of an older generation', () => {
    const d: KObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', generation: 3 }, status: { observedGeneration: 2, conditions: [{ type: 'Available', status: 'True' }] } };
    expect(conditionHolds(d, 'Available', 'True')).toBe(false);
    (d.status as { observedGeneration: number }).observedGeneration = 3;
    expect(conditionHolds(d, 'Available', 'True')).toBe(true);
  });

  it('compares jsonpath results as text', () => {
    const p = pod([{ type: 'Ready', status: 'True' }], { spec: { replicas: 3 } });
    expect(jsonPathHolds(p, compileJsonPath('{.status.phase}'), 'Running')).toBe(true);
    expect(jsonPathHolds(p, compileJsonPath('{.status.phase}'), 'Pending')).toBe(false);
    expect(jsonPathHolds(p, compileJsonPath('{.spec.replicas}'), '3')).toBe(true);
    expect(jsonPathHolds(p, compileJsonPath('{.status.podIP}'), undefined)).toBe(true);
    expect(jsonPathHolds(p, compileJsonPath('{.status.nope}'), undefined)).toBe(false);
    expect(jsonPathHolds(p, compileJsonPath('{.status.conditions[?(@.type=="Ready")].status}'), 'True')).toBe(true);
    expect(() => jsonPathHolds(p, compileJsonPath('{.status.conditions}'), 'x')).toThrow('jsonpath leads to a nested object or list which is not supported');
    const two = pod([{ type: 'A', status: 'True' }, { type: 'B', status: 'True' }]);
    expect(() => jsonPathHolds(two, compileJsonPath('{.status.conditions[*].status}'), 'True')).toThrow('given jsonpath expression matches more than one value');
  });
});

// ---------------------------------------------------------------------------------------------
// The command, in-process

interface Harness {
  rt: Runtime;
  out: () => string;
  err: () => string;
  dir: string;
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function harness(): Harness {
  const dir = mkdtempSync(join(tmpdir(), 'kubesim-wait-'));
  dirs.push(dir);
  let out = '';
  let err = '';
  const rt: Runtime = {
    env: { KUBESIM_STATE: join(dir, 'state.json'), KUBESIM_SEED: '7008' },
    stdout: { write: (t) => void (out += t), isTTY: false },
    stderr: { write: (t) => void (err += t), isTTY: false },
    readStdin: () => '',
    clock: frozenClock(new Date('2026-11-26T05:00:00Z')),
    home: dir,
    prefs: defaultPreferences(),
    hints: true,
    colour: false,
  };
  return { rt, out: () => out, err: () => err, dir };
}

/** Real time replaced: sleeping advances the clock at once and may run a hook ("another process"). */
function fakeWaiter(onSleep?: (t: number) => Promise<void> | void): Waiter & { elapsed(): number } {
  let t = 0;
  return {
    now: () => t,
    sleep: async (ms) => {
      t += ms;
      await onSleep?.(t);
    },
    elapsed: () => t,
  };
}

function podObject(name: string, image: string, labels: Record<string, string> = {}): KObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', labels }, spec: { containers: [{ name: 'c', image }] } };
}

async function seed(h: Harness, objects: KObject[]): Promise<void> {
  await mutateCluster({ path: h.rt.env.KUBESIM_STATE!, clusterName: 'kubesim', createIfMissing: true }, { clock: h.rt.clock, seed: '7008' }, (c) => {
    for (const o of objects) createObject(c, o);
  });
}

async function run(h: Harness, args: string[], opts: Record<string, unknown>, waiter: Waiter): Promise<number> {
  try {
    return await runWait(h.rt, args, opts, { waiter });
  } catch (e) {
    if (e instanceof KubesimError) return printError(h.rt, e);
    throw e;
  }
}

describe('runWait', () => {
  it('prints one line per object that meets the condition, without waiting', async () => {
    const h = harness();
    await seed(h, [podObject('a', 'nginx', { app: 'x' }), podObject('b', 'nginx', { app: 'x' })]);
    const w = fakeWaiter();
    expect(await run(h, ['pod'], { for: 'condition=Ready', selector: 'app=x' }, w)).toBe(0);
    expect(h.out()).toBe('pod/a condition met\npod/b condition met\n');
    expect(w.elapsed()).toBe(0);
  });

  it('shares one deadline: after a pod that never gets ready, the rest fail at once', async () => {
    const h = harness();
    await seed(h, [podObject('a-bad', '<frontend-application-image>'), podObject('b-good', 'nginx'), podObject('c-good', 'nginx')]);
    const w = fakeWaiter();
    expect(await run(h, ['pod'], { for: 'condition=Ready', all: true, timeout: '1s' }, w)).toBe(1);
    expect(h.out()).toBe('');
    expect(h.err()).toBe('timed out waiting for the condition on pods/a-bad\ntimed out waiting for the condition on pods/b-good\ntimed out waiting for the condition on pods/c-good\n');
    expect(w.elapsed()).toBe(1000);
  });

  it('checks once with --timeout=0', async () => {
    const h = harness();
    await seed(h, [podObject('bad', '<frontend-application-image>')]);
    const w = fakeWaiter();
    expect(await run(h, ['pod/bad'], { for: 'condition=Ready', timeout: '0' }, w)).toBe(1);
    expect(h.err()).toBe('error: condition not met for pods/bad\n');
    expect(w.elapsed()).toBe(0);
  });

  it('sees a deletion made by another process while polling', async () => {
    const h = harness();
    await seed(h, [podObject('victim', 'nginx')]);
    const w = fakeWaiter(async (t) => {
      if (t >= 600) {
        await mutateCluster({ path: h.rt.env.KUBESIM_STATE!, clusterName: 'kubesim', createIfMissing: true }, { clock: h.rt.clock }, (c) => {
          if (c.get('Pod', 'default', 'victim')) deleteObject(c, 'Pod', 'default', 'victim');
        });
      }
    });
    expect(await run(h, ['pod', 'victim'], { for: 'delete', timeout: '30s' }, w)).toBe(0);
    expect(h.out()).toBe('pod/victim condition met\n');
    expect(w.elapsed()).toBeGreaterThanOrEqual(600);
    expect(w.elapsed()).toBeLessThan(1000);
  });

  it('--for=delete on a missing object prints nothing and succeeds', async () => {
    const h = harness();
    await seed(h, []);
    expect(await run(h, ['pod/nope'], { for: 'delete' }, fakeWaiter())).toBe(0);
    expect(h.out() + h.err()).toBe('');
  });

  it('reports missing objects and empty selections as kubectl does', async () => {
    const h = harness();
    await seed(h, [podObject('a', 'nginx')]);
    expect(await run(h, ['pod/nope', 'pod/a'], { for: 'condition=Ready' }, fakeWaiter())).toBe(1);
    expect(h.out()).toBe('pod/a condition met\n');
    expect(h.err()).toBe('Error from server (NotFound): pods "nope" not found\n');
    const h2 = harness();
    await seed(h2, []);
    expect(await run(h2, ['pod'], { for: 'condition=Ready', selector: 'app=none' }, fakeWaiter())).toBe(1);
    expect(h2.err()).toBe('error: no matching resources found\n');
  });

  it('waits for an object to be created', async () => {
    const h = harness();
    await seed(h, []);
    const w = fakeWaiter(async (t) => {
      if (t >= 300) {
        await mutateCluster({ path: h.rt.env.KUBESIM_STATE!, clusterName: 'kubesim', createIfMissing: true }, { clock: h.rt.clock }, (c) => {
          if (!c.get('Pod', 'default', 'late')) createObject(c, podObject('late', 'nginx'));
        });
      }
    });
    expect(await run(h, ['pod/late'], { for: 'create', timeout: '5s' }, w)).toBe(0);
    expect(h.out()).toBe('pod/late condition met\n');
  });
});
