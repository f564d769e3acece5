/**
 * The strategic merge patch kubectl apply sends for an existing object, and the part of it a
 * real apiserver quotes when it rejects it (see src/apply/merge-patch.ts).
 */
import { describe, expect, it } from 'vitest';
import { mergedAway, threeWayMergePatch } from '../../src/apply/merge-patch.js';

const live = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', annotations: { last: 'old' }, uid: 'u1' },
  spec: {
    replicas: 2,
    template: { spec: { containers: [{ name: 'web', image: 'nginx', imagePullPolicy: 'Always' }, { name: 'log', image: 'busybox' }] } },
  },
  status: { replicas: 2 },
};

describe('threeWayMergePatch', () => {
  it('changes and additions from the live object, nothing for fields only the live object has', () => {
    const original = { metadata: { name: 'web' }, spec: { replicas: 2 } };
    const modified = { metadata: { name: 'web', annotations: { last: 'new' } }, spec: { replicas: 3 } };
    expect(threeWayMergePatch(original, modified, live)).toEqual({ metadata: { annotations: { last: 'new' } }, spec: { replicas: 3 } });
  });

  it('null for what the last applied configuration had and the new one dropped', () => {
    const original = { spec: { replicas: 2, paused: false } };
    expect(threeWayMergePatch(original, { spec: { replicas: 2 } }, live)).toEqual({ spec: { paused: null } });
  });

  it('lists with a merge key: the changed elements by key, a deleted one as $patch: delete, and $setElementOrder', () => {
    const original = { spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx' }, { name: 'log', image: 'busybox' }] } } } };
    const modified = { spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx', port: 80 }] } } } };
    expect(threeWayMergePatch(original, modified, live)).toEqual({
      spec: {
        template: {
          spec: {
            containers: [{ $patch: 'delete', name: 'log' }, { name: 'web', port: 80 }],
            '$setElementOrder/containers': [{ name: 'web' }],
          },
        },
      },
    });
  });

  it('the apiserver quotes it without the lists its merge consumed', () => {
    const patch = { metadata: { annotations: { last: 'new' } }, spec: { template: { spec: { containers: [{ name: 'web', port: 80 }], '$setElementOrder/containers': [{ name: 'web' }] } }, volumes: [{ name: 'v' }] } };
    expect(mergedAway(patch)).toEqual({ metadata: { annotations: { last: 'new' } }, spec: { template: { spec: {} }, volumes: [{ name: 'v' }] } });
  });
});
