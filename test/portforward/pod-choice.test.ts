import { describe, expect, it } from 'vitest';
import { choosePodForForward, rankPodsForForward } from '../../src/portforward/pod-choice.js';
import type { Pod } from '../../src/controllers/kubelet.js';

interface P {
  name: string;
  node?: string;
  phase?: string;
  ready?: boolean;
  readySince?: string;
  deleting?: boolean;
  restarts?: number;
  created?: string;
}

function pod(p: P): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: p.name,
      namespace: 'default',
      creationTimestamp: p.created ?? '2026-01-01T00:00:00Z',
      ...(p.deleting ? { deletionTimestamp: '2026-01-02T00:00:00Z' } : {}),
    },
    spec: { containers: [{ name: 'c', image: 'nginx' }], ...(p.node === undefined ? { nodeName: 'n1' } : p.node ? { nodeName: p.node } : {}) },
    status: {
      phase: p.phase ?? 'Running',
      conditions: [{ type: 'Ready', status: p.ready === false ? 'False' : 'True', lastProbeTime: null, lastTransitionTime: p.readySince ?? '2026-01-01T00:00:10Z' }],
      containerStatuses: [{ name: 'c', state: {}, lastState: {}, ready: true, restartCount: p.restarts ?? 0, image: 'nginx', imageID: '', started: true }],
    },
  };
}

const names = (pods: Pod[]) => pods.map((p) => p.metadata.name);

describe('port-forward pod choice (reversed ActivePods)', () => {
  it('prefers a pod assigned to a node', () => {
    expect(choosePodForForward([pod({ name: 'a', node: '', phase: 'Pending', ready: false }), pod({ name: 'b', phase: 'Pending', ready: false })])!.metadata.name).toBe('b');
  });

  it('ranks Running over Unknown over Pending (other phases with Pending)', () => {
    const pods = [pod({ name: 'pending', phase: 'Pending', ready: false }), pod({ name: 'unknown', phase: 'Unknown', ready: false }), pod({ name: 'running', ready: false }), pod({ name: 'failed', phase: 'Failed', ready: false })];
    expect(names(rankPodsForForward(pods))).toEqual(['running', 'unknown', 'pending', 'failed']);
  });

  it('prefers Ready, then not deleting', () => {
    expect(choosePodForForward([pod({ name: 'a', ready: false }), pod({ name: 'b' })])!.metadata.name).toBe('b');
    expect(choosePodForForward([pod({ name: 'a', deleting: true }), pod({ name: 'b' })])!.metadata.name).toBe('b');
  });

  it('prefers the pod Ready for longest, then fewer restarts, then the oldest', () => {
    expect(choosePodForForward([pod({ name: 'a', readySince: '2026-01-01T00:05:00Z' }), pod({ name: 'b', readySince: '2026-01-01T00:01:00Z' })])!.metadata.name).toBe('b');
    expect(choosePodForForward([pod({ name: 'a', restarts: 3 }), pod({ name: 'b', restarts: 1 })])!.metadata.name).toBe('b');
    expect(choosePodForForward([pod({ name: 'a', created: '2026-01-01T00:00:02Z' }), pod({ name: 'b', created: '2026-01-01T00:00:01Z' })])!.metadata.name).toBe('b');
  });

  it('applies the keys in order: Ready beats an earlier creation time', () => {
    const ranked = rankPodsForForward([pod({ name: 'old-unready', created: '2025-01-01T00:00:00Z', ready: false }), pod({ name: 'young-ready', created: '2026-06-01T00:00:00Z' })]);
    expect(names(ranked)).toEqual(['young-ready', 'old-unready']);
  });

  it('keeps list order for ties and returns undefined for no pods', () => {
    expect(names(rankPodsForForward([pod({ name: 'x' }), pod({ name: 'y' }), pod({ name: 'z' })]))).toEqual(['x', 'y', 'z']);
    expect(choosePodForForward([])).toBeUndefined();
  });
});
