#!/usr/bin/env node
// The routing engine's speed: new connections per second through kube-proxy's rule tables.
//
//   node bench/network-engine.mjs            (no `npm run build` needed)
//
// `npm run build` bundles only the CLI, so this script bundles the engine itself with esbuild
// (a devDependency) into a temporary directory and imports it. It builds the default 3-node
// cluster plus a 10-endpoint Service with the real controllers, then times connect() from a pod
// to the Service's cluster IP, traced (as `--trace` uses it) and untraced (as `curl --count`'s
// expected shares walk it), and a NodePort from outside. Numbers vary with the machine; the
// ratio to a bare draw from the random source is printed too. Target: ≥ 200,000 connects/s.
import { build } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'kubesim-bench-net-'));
try {
  const entry = join(dir, 'entry.ts');
  const src = (p) => JSON.stringify(join(ROOT, 'src', p));
  writeFileSync(
    entry,
    [
      `export { connect, routeConnection } from ${src('network/kube-proxy/connect.ts')};`,
      `export { Cluster } from ${src('store/cluster-state.ts')};`,
      `export { newClusterState } from ${src('store/default-cluster.ts')};`,
      `export { createObject } from ${src('apiserver/objects.ts')};`,
      `export { reconcile } from ${src('controllers/reconcile.ts')};`,
      `export { frozenClock } from ${src('clock.ts')};`,
    ].join('\n'),
  );
  await build({ entryPoints: [entry], outfile: join(dir, "engine.mjs"), bundle: true, format: "esm", platform: "node", target: "node20", logLevel: "warning", sourcemap: process.env.BENCH_SOURCEMAP ? "inline" : false });
  const m = await import(pathToFileURL(join(dir, 'engine.mjs')).href);

  const clock = m.frozenClock(new Date('2026-11-26T05:00:00Z'));
  const c = new m.Cluster(m.newClusterState({ name: 'kubesim', nodes: 3, seed: 'bench' }, clock), clock);
  const apply = (o) => {
    m.createObject(c, o);
    m.reconcile(c);
  };
  const nodes = ['kubesim', 'kubesim-m02', 'kubesim-m03'];
  const pod = (name, labels, node, ports) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels },
    spec: { nodeName: node, containers: [{ name: 'app', image: 'nginx:1.27', ports }] },
  });
  for (let i = 0; i < 10; i++) apply(pod(`web-${i}`, { app: 'web' }, nodes[i % 3], [{ containerPort: 8080 }]));
  apply(pod('client', { role: 'client' }, 'kubesim', []));
  apply({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080, nodePort: 30080 }] } });
  const vip = c.get('Service', 'default', 'web').spec.clusterIP;
  const from = { kind: 'pod', pod: c.get('Pod', 'default', 'client'), container: 'app' };
  const draw = { statistic: (t) => (c.random.uint32() & 0x7fffffff) < t, recentCheck: () => false, recentSet() {} };

  const rate = (fn, n = 300_000) => {
    for (let i = 0; i < 30_000; i++) fn();
    const best = [];
    for (let r = 0; r < 5; r++) {
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < n; i++) fn();
      best.push(n / (Number(process.hrtime.bigint() - t0) / 1e9));
    }
    best.sort((a, b) => a - b);
    return best[2];
  };
  const random = rate(() => c.random.uint32(), 3_000_000);
  const rows = [
    ['pod → cluster IP, traced', rate(() => m.connect(c, from, vip, 80, 'TCP'))],
    ['pod → cluster IP, untraced', rate(() => m.routeConnection(c, draw, from, vip, 80, 'TCP', false))],
    ['outside → NodePort (SNAT), traced', rate(() => m.connect(c, { kind: 'outside' }, '192.168.49.3', 30080, 'TCP'))],
  ];
  console.log('kube-proxy routing engine, 10-endpoint Service (median of 5 runs)');
  for (const [name, r] of rows) {
    console.log(`  ${name.padEnd(38)} ${Math.round(r).toLocaleString('en-US').padStart(10)} connects/s   ${(random / r).toFixed(1).padStart(6)}× a random draw   ${r >= 200_000 ? 'ok (≥ 200,000/s)' : 'below 200,000/s'}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
