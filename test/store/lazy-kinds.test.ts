/**
 * A command pays only for the kinds it reads: the state file's groups parse on first access, a
 * write copies the kinds nobody changed back as the bytes read (with their views), and an
 * applied Service's endpoints come from the few pod lines its selector names.
 */
import { describe, expect, it } from 'vitest';
import { Buffer } from 'node:buffer';
import { frozenClock } from '../../src/clock.js';
import { Cluster } from '../../src/store/cluster-state.js';
import { newClusterState } from '../../src/store/default-cluster.js';
import { findUnparsed, parseState, serializeState, tableView } from '../../src/store/state-file.js';
import { createObject } from '../../src/apiserver/objects.js';
import { reconcile } from '../../src/controllers/reconcile.js';

const clock = frozenClock(new Date('2026-11-26T05:00:00Z'));
const bytes = (chunks: (string | Buffer)[]) => Buffer.concat(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c)));
const parsed = (objects: object, kind: string) => !Object.getOwnPropertyDescriptor(objects, kind)?.get;

function freshFile(): Buffer {
  return bytes(serializeState(newClusterState({ name: 'k', nodes: 3, seed: '1' }, clock)));
}

describe('lazy kinds', () => {
  it('reads no kind until asked, and the pods\' table view without the pods', () => {
    const state = parseState('mem.json', freshFile());
    expect(Object.keys(state.objects).some((k) => parsed(state.objects, k))).toBe(false);
    const view = tableView(state.objects, 'Pod')!;
    expect(Object.keys(view).some((k) => k.startsWith('kube-system/coredns-'))).toBe(true);
    expect(parsed(state.objects, 'Pod')).toBe(false);
  });

  it('applies a Service and writes it without parsing the pods, deployments or events', () => {
    const state = parseState('mem.json', freshFile());
    const cluster = new Cluster(state, clock);
    createObject(cluster, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'dns-too', namespace: 'kube-system' }, spec: { selector: { 'k8s-app': 'kube-dns' }, ports: [{ port: 53, protocol: 'UDP' }] } });
    reconcile(cluster);
    const out = bytes(serializeState(state, cluster.changes()));
    for (const kind of ['Pod', 'Deployment', 'ReplicaSet', 'Event', 'DaemonSet']) expect(parsed(state.objects, kind), kind).toBe(false);
    // ... and yet its endpoints list the two CoreDNS pods, found by scanning their lines.
    const again = parseState('mem.json', out);
    const ep = again.objects.Endpoints['kube-system/dns-too'] as unknown as { subsets: { addresses: unknown[] }[] };
    expect(ep.subsets[0].addresses).toHaveLength(2);
    expect(out.includes(Buffer.from('\n    "Pod:table": {\n'))).toBe(true);
  });

  it('finds pods by the values their lines hold, and only in the namespace asked', () => {
    const state = parseState('mem.json', freshFile());
    const found = findUnparsed(state.objects, 'Pod', 'kube-system/', ['"kube-dns"'])!;
    expect(found.map((p) => p.metadata.name).every((n) => n.startsWith('coredns-'))).toBe(true);
    expect(found).toHaveLength(2);
    expect(findUnparsed(state.objects, 'Pod', 'default/', ['"kube-dns"'])).toEqual([]);
    // Without a view (Services have none) the kind's own lines are searched.
    expect(findUnparsed(state.objects, 'Service', 'kube-system/', ['"kube-dns"'])!.map((s) => s.metadata.name)).toEqual(['kube-dns']);
    // Every pod is found by key through the view, whatever its place in the sorted group.
    const all = findUnparsed(state.objects, 'Pod', '', [])!;
    expect(all.map((p) => `${p.metadata.namespace}/${p.metadata.name}`)).toEqual(Object.keys(tableView(state.objects, 'Pod')!).sort());
    void state.objects.Pod; // once parsed, the parsed objects are the truth
    expect(findUnparsed(state.objects, 'Pod', 'kube-system/', ['"kube-dns"'])).toBeUndefined();
  });
});
