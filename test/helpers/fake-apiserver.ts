/**
 * A read-only Kubernetes API server in a test process, serving a fixed set of objects (for
 * conformance tests that point the real kubectl at kubesim's objects): discovery for kubesim's
 * kinds (plus the ones kubectl's describers ask for), GET of one object, and LISTs with
 * labelSelector and fieldSelector, answered as a v1.32 apiserver would (a `ServiceList` whose
 * items carry no kind), and watches (the objects as ADDED, then silence). Loopback only;
 * `close()` stops it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RESOURCES, type ResourceInfo } from '../../src/api/resources.js';
import { parseSelector, selectorMatches } from '../../src/labels/selector.js';
import { discoveryCategories, discoveryVerbs } from '../../src/cli/commands/api-resources.js';

type Obj = { kind: string; apiVersion: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> } } & Record<string, unknown>;

/**
 * What kubectl's describers fetch besides kubesim's kinds (answered, empty unless given objects).
 * Their typed clients need no discovery, so discovery advertises kubesim's kinds only, exactly
 * as `kubesim api-resources` lists them.
 */
const EXTRA: ResourceInfo[] = [
  { kind: 'ResourceQuota', resource: 'resourcequotas', singular: 'resourcequota', shortNames: ['quota'], group: '', version: 'v1', namespaced: true },
  { kind: 'LimitRange', resource: 'limitranges', singular: 'limitrange', shortNames: ['limits'], group: '', version: 'v1', namespaced: true },
  { kind: 'Lease', resource: 'leases', singular: 'lease', shortNames: [], group: 'coordination.k8s.io', version: 'v1', namespaced: true },
];

export interface FakeApiServer {
  url: string;
  /** Every request path and query, in order (to see what kubectl asked). */
  requests: string[];
  close(): void;
}

function groupVersion(r: ResourceInfo): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

function discovery(resources: ResourceInfo[]): Record<string, unknown> {
  const docs: Record<string, unknown> = { '/api': { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1' }] } };
  const groups = [...new Set(resources.filter((r) => r.group).map((r) => r.group))];
  docs['/apis'] = { kind: 'APIGroupList', apiVersion: 'v1', groups: groups.map((g) => ({ name: g, versions: [{ groupVersion: `${g}/v1`, version: 'v1' }], preferredVersion: { groupVersion: `${g}/v1`, version: 'v1' } })) };
  for (const gv of new Set(resources.map(groupVersion))) {
    const path = gv === 'v1' ? '/api/v1' : `/apis/${gv}`;
    docs[path] = {
      kind: 'APIResourceList',
      apiVersion: 'v1',
      groupVersion: gv,
      resources: resources
        .filter((r) => groupVersion(r) === gv)
        .map((r) => ({ name: r.resource, singularName: r.singular, namespaced: r.namespaced, kind: r.kind, verbs: discoveryVerbs(r), shortNames: r.shortNames.length ? r.shortNames : undefined, categories: discoveryCategories(r).length ? discoveryCategories(r) : undefined })),
    };
  }
  return docs;
}

/** A field of an object by dotted path (`involvedObject.name`, `spec.nodeName`), as a string. */
function field(o: unknown, path: string): string {
  let cur: unknown = o;
  for (const k of path.split('.')) cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[k] : undefined;
  return cur === undefined || cur === null ? '' : String(cur);
}

/** `a=b,c!=d` as the apiserver's field selectors read it. */
function fieldSelectorMatches(sel: string, o: unknown): boolean {
  return sel.split(',').every((term) => {
    const m = /^([^!=]+)(!=|==|=)(.*)$/.exec(term);
    if (!m) return true;
    const v = field(o, m[1]);
    return m[2] === '!=' ? v !== m[3] : v === m[3];
  });
}

const status = (code: number, reason: string, message: string) => ({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code });

export function startFakeApiServer(objects: Obj[]): Promise<FakeApiServer> {
  const resources = [...RESOURCES, ...EXTRA];
  const docs = discovery([...RESOURCES]);
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    requests.push(url.pathname + url.search);
    const send = (code: number, body: unknown) => {
      res.writeHead(code, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (docs[url.pathname]) return send(200, docs[url.pathname]);
    // /api/v1[/namespaces/NS]/PLURAL[/NAME] and /apis/G/V[/namespaces/NS]/PLURAL[/NAME]
    const m = /^\/(?:api\/v1|apis\/([^/]+)\/v1)(?:\/namespaces\/([^/]+))?\/([^/]+)(?:\/([^/]+))?$/.exec(url.pathname);
    const r = m && resources.find((x) => x.resource === m[3] && x.group === (m[1] ?? ''));
    if (!m || !r) return send(404, status(404, 'NotFound', 'the server could not find the requested resource'));
    const [, , ns, , name] = m;
    const ofKind = objects.filter((o) => o.kind === r.kind && (!ns || o.metadata.namespace === ns));
    if (name) {
      const o = ofKind.find((x) => x.metadata.name === name);
      return o ? send(200, o) : send(404, status(404, 'NotFound', `${r.group ? `${r.resource}.${r.group}` : r.resource} "${name}" not found`));
    }
    const labelSel = url.searchParams.get('labelSelector');
    const fieldSel = url.searchParams.get('fieldSelector');
    let sel;
    try {
      sel = labelSel ? parseSelector(labelSel) : undefined;
    } catch (err) {
      return send(400, status(400, 'BadRequest', (err as Error).message)); // the selector parser's words
    }
    const matching = ofKind.filter((o) => !sel || selectorMatches(sel, o.metadata.labels ?? {})).filter((o) => !fieldSel || fieldSelectorMatches(fieldSel, o));
    if (['true', '1'].includes(url.searchParams.get('watch') ?? '')) {
      // A watch: the objects as ADDED events, then an open stream that nothing changes.
      res.writeHead(200, { 'content-type': 'application/json' });
      for (const o of matching) res.write(JSON.stringify({ type: 'ADDED', object: o }) + '\n');
      return;
    }
    const items = matching.map(({ kind: _k, apiVersion: _a, ...rest }) => rest);
    return send(200, { kind: `${r.kind}List`, apiVersion: groupVersion(r), metadata: { resourceVersion: '1000' }, items });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, close: () => {
          server.closeAllConnections(); // open watches included
          server.close();
        } })),
  );
}
