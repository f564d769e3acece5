import { describe, expect, it } from 'vitest';
import { watchEvents } from '../../src/apiserver/watch.js';
import type { KObject } from '../../src/api/resources.js';

const pod = (name: string, rv: number, phase = 'Running'): KObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', resourceVersion: String(rv) },
  status: { phase },
});
const snap = (...objs: KObject[]) => new Map(objs.map((o) => [`default/${o.metadata.name}`, o]));
const summary = (events: ReturnType<typeof watchEvents>) => events.map((e) => `${e.type} ${e.object.metadata.name} ${e.object.metadata.resourceVersion}`);

describe('watchEvents', () => {
  it('is empty when nothing changed', () => {
    expect(watchEvents(snap(pod('a', 1)), snap(pod('a', 1)))).toEqual([]);
  });

  it('orders adds and updates by resourceVersion, then removals with their last state', () => {
    const before = snap(pod('a', 3), pod('b', 4), pod('c', 5), pod('d', 2));
    const after = snap(pod('a', 9), pod('b', 4), pod('e', 7), pod('f', 8));
    expect(summary(watchEvents(before, after))).toEqual(['ADDED e 7', 'ADDED f 8', 'MODIFIED a 9', 'DELETED d 2', 'DELETED c 5']);
  });

  it('reports the deleted object as last seen', () => {
    const last = pod('a', 3, 'Pending');
    const [e] = watchEvents(snap(last), snap());
    expect(e).toEqual({ type: 'DELETED', object: last });
  });

  it('sees a change by resourceVersion alone', () => {
    expect(summary(watchEvents(snap(pod('a', 3)), snap(pod('a', 4))))).toEqual(['MODIFIED a 4']);
  });
});
