/**
 * Reading and writing a cluster's state file. Writers hold an exclusive lock (state-lock.ts) and
 * replace the file atomically (write temp, fsync, rename, fsync dir), so a crash leaves the old or
 * the new state, never a torn file. Readers take no lock. A file that does not parse is never
 * overwritten.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeSync, chmodSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { KubesimError } from '../errors.js';
import { STATE_API_VERSION, STATE_FORMAT_VERSION, type ClusterState, type StateChanges } from './cluster-state.js';
// The one printer-shaped piece the store knows: which Pod fields `get pods` tables read.
import { podTableView } from '../printers/pod-table-view.js';

export function stateError(path: string, detail: string, hint?: string): KubesimError {
  return new KubesimError(`unable to read the cluster state file "${path}": ${detail}`, { hint });
}

/** Read and check a state file; undefined when it does not exist. */
export function readStateFile(path: string): ClusterState | undefined {
  let text: Buffer;
  try {
    text = readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'EACCES' || code === 'EPERM') throw stateError(path, 'permission denied');
    if (code === 'EISDIR') throw stateError(path, 'it is a directory');
    throw stateError(path, (err as Error).message);
  }
  return parseState(path, text);
}

/**
 * The `objects` section as this module writes it: one line per object, one group per kind. A
 * group is parsed only when something reads that kind (a `get svc` never parses the pods), and a
 * kind nobody changed is written back as the very text it was read from.
 */
const OBJECTS_OPEN = Buffer.from('\n  "objects": {\n');
const GROUP_CLOSE = Buffer.from('\n    }');
const OBJECTS_CLOSE = Buffer.from('  }');
/** Each kind's raw lines, still as bytes: decoded only when the kind is read. */
const RAW_GROUPS = new WeakMap<object, { path: string; groups: Map<string, Buffer> }>();

interface SplitState {
  head: string;
  groups: Map<string, Buffer>;
}

/**
 * Split the canonical layout into the text without `objects` and each kind's raw lines (bytes,
 * not copied); undefined if the file is laid out otherwise. JSON.stringify never writes a raw
 * newline inside a value, so the markers below can only be the layout's own.
 */
function splitObjects(bytes: Buffer): SplitState | undefined {
  const start = bytes.indexOf(OBJECTS_OPEN);
  if (start < 0) return undefined;
  const groups = new Map<string, Buffer>();
  let pos = start + OBJECTS_OPEN.length;
  for (;;) {
    if (bytes.subarray(pos, pos + 3).equals(OBJECTS_CLOSE)) break;
    const eol = bytes.indexOf(10, pos);
    if (eol < 0) return undefined;
    const m = /^ {4}("(?:[^"\\]|\\.)*"): \{$/.exec(bytes.toString('utf8', pos, eol));
    if (!m) return undefined;
    const bodyStart = eol + 1;
    const close = bytes.indexOf(GROUP_CLOSE, eol);
    if (close < 0) return undefined;
    groups.set(JSON.parse(m[1]) as string, close < bodyStart ? Buffer.alloc(0) : bytes.subarray(bodyStart, close));
    pos = close + GROUP_CLOSE.length;
    if (bytes[pos] === 44 /* , */) pos++;
    if (bytes[pos] !== 10) return undefined;
    pos++;
  }
  const end = pos + OBJECTS_CLOSE.length;
  return { head: bytes.toString('utf8', 0, start) + '\n  "objects": {}' + bytes.toString('utf8', end), groups };
}

/** Lines of a group ("key": object, one per line) parsed as a record; `group` names it in the error. */
function parseLines(path: string, group: string, text: string): Record<string, KObjectLike> {
  try {
    return JSON.parse(`{${text}}`) as Record<string, KObjectLike>;
  } catch (err) {
    throw stateError(path, `not valid JSON in the ${group} objects (${(err as Error).message})`, 'the file was left untouched; restore it from a backup, or remove it to start a fresh cluster');
  }
}

/** Whether a kind of a state read from a file is still unparsed (lazyObjects' getter in place). */
function unparsed(objects: object, kind: string): boolean {
  return Boolean(Object.getOwnPropertyDescriptor(objects, kind)?.get);
}

/** An `objects` record whose kinds parse on first access. */
function lazyObjects(path: string, groups: Map<string, Buffer>): Record<string, Record<string, KObjectLike>> {
  const objects: Record<string, Record<string, KObjectLike>> = {};
  for (const [kind, raw] of groups) {
    if (kind.includes(VIEW_SEPARATOR)) continue; // a view, read through tableView
    Object.defineProperty(objects, kind, {
      enumerable: true,
      configurable: true,
      get() {
        const value = parseLines(path, kind, raw.toString('utf8'));
        Object.defineProperty(objects, kind, { value, enumerable: true, configurable: true, writable: true });
        return value;
      },
      set(value: Record<string, KObjectLike>) {
        Object.defineProperty(objects, kind, { value, enumerable: true, configurable: true, writable: true });
      },
    });
  }
  RAW_GROUPS.set(objects, { path, groups });
  return objects;
}

type KObjectLike = ClusterState['objects'][string][string];

const LINE_INDENT = '      ';

/**
 * The objects of a kind whose key starts with `keyPrefix` and whose line contains every one of
 * `needles`, parsed one line at a time — or undefined when the kind has been parsed already (then
 * read `objects[kind]`). Lets a controller find the few pods a new Service selects without parsing
 * ten thousand. The needles only narrow the search (callers check the parsed objects properly), so
 * they must be texts every wanted line holds as JSON.stringify wrote it, e.g. a label's value.
 * When the kind has a view holding them (the pods' table view has the labels), the smaller view
 * is searched and the matching objects' lines are looked up by key.
 */
export function findUnparsed(objects: ClusterState['objects'], kind: string, keyPrefix: string, needles: string[]): KObjectLike[] | undefined {
  if (!unparsed(objects, kind)) return undefined;
  const read = RAW_GROUPS.get(objects);
  const raw = read?.groups.get(kind);
  if (!read || !raw) return undefined;
  const view = VIEWS[kind] && read.groups.get(VIEWS[kind].name);
  const parse = (from: number, to: number): KObjectLike[] => {
    const text = raw.toString('utf8', from, to).trimEnd();
    return Object.values(parseLines(read.path, kind, text.endsWith(',') ? text.slice(0, -1) : text));
  };
  const out: KObjectLike[] = [];
  for (const [from, to] of matchingLines(view ?? raw, keyPrefix, needles)) {
    if (!view) out.push(...parse(from, to));
    else {
      const line = lineByKey(raw, keyOfLine(view, from));
      if (line) out.push(...parse(line[0], line[1]));
    }
  }
  return out;
}

/** [start, end) of each line of a group whose key starts with `keyPrefix` and that holds every needle. */
function matchingLines(raw: Buffer, keyPrefix: string, needles: string[]): [number, number][] {
  const start = Buffer.from(`${LINE_INDENT}${JSON.stringify(keyPrefix).slice(0, -1)}`);
  const [first, ...rest] = needles.map((n) => Buffer.from(n));
  const out: [number, number][] = [];
  const consider = (from: number, to: number) => {
    const line = raw.subarray(from, to);
    if (line.subarray(0, start.length).equals(start) && rest.every((n) => line.includes(n))) out.push([from, to]);
  };
  if (!first) {
    for (let from = 0; from < raw.length; ) {
      const eol = raw.indexOf(10, from);
      const to = eol < 0 ? raw.length : eol;
      consider(from, to);
      from = to + 1;
    }
    return out;
  }
  for (let at = raw.indexOf(first); at >= 0; ) {
    const from = raw.lastIndexOf(10, at) + 1;
    const eol = raw.indexOf(10, at);
    const to = eol < 0 ? raw.length : eol;
    consider(from, to);
    at = raw.indexOf(first, to);
  }
  return out;
}

/** The key ("namespace/name") of the line starting at `from`. */
function keyOfLine(raw: Buffer, from: number): string {
  const open = from + LINE_INDENT.length;
  let close = open + 1;
  while (close < raw.length && raw[close] !== 34 /* " */) close += raw[close] === 92 /* \ */ ? 2 : 1;
  return JSON.parse(raw.toString('utf8', open, close + 1)) as string;
}

/** [start, end) of the line of `key`, by binary search: a group's lines are sorted by key. */
function lineByKey(raw: Buffer, key: string): [number, number] | undefined {
  let lo = 0;
  let hi = raw.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const from = mid === 0 ? 0 : raw.lastIndexOf(10, mid - 1) + 1;
    const eol = raw.indexOf(10, from);
    const to = eol < 0 ? raw.length : eol;
    const k = keyOfLine(raw, from);
    if (k === key) return [from, to];
    if (k < key) lo = to + 1;
    else hi = from;
  }
  return undefined;
}

export function parseState(path: string, bytes: Buffer): ClusterState {
  const split = splitObjects(bytes);
  let data: unknown;
  try {
    data = JSON.parse(split ? split.head : bytes.toString('utf8'));
  } catch (err) {
    throw stateError(path, `not valid JSON (${(err as Error).message})`, 'the file was left untouched; restore it from a backup, or remove it to start a fresh cluster');
  }
  const s = data as Partial<ClusterState>;
  if (!s || typeof s !== 'object' || s.kind !== 'ClusterState' || typeof s.apiVersion !== 'string') {
    throw stateError(path, 'not a kubesim ClusterState', 'the file was left untouched; remove it to start a fresh cluster');
  }
  if (s.apiVersion !== STATE_API_VERSION) {
    throw stateError(path, `unsupported apiVersion ${JSON.stringify(s.apiVersion)}`, 'it was written by another kubesim version; upgrade kubesim');
  }
  const version = typeof s.formatVersion === 'number' ? s.formatVersion : 0;
  if (version > STATE_FORMAT_VERSION) {
    throw stateError(path, `it was written by a newer kubesim (format ${version}; this kubesim reads up to ${STATE_FORMAT_VERSION})`, 'upgrade kubesim to use this cluster');
  }
  const state = migrate(s, version);
  if (!state.objects || typeof state.objects !== 'object' || !Array.isArray(state.random) || typeof state.resourceVersion !== 'number' || !state.cluster) {
    throw stateError(path, 'required fields are missing or malformed', 'the file was left untouched; remove it to start a fresh cluster');
  }
  if (split) state.objects = lazyObjects(path, split.groups);
  else for (const name of Object.keys(state.objects)) if (name.includes(VIEW_SEPARATOR)) delete state.objects[name]; // views are rebuilt on write
  return state;
}

/**
 * Bring an older layout up to the current one. Format 0 lacked `formatVersion`, `ipam` and `logs`;
 * format 1 lacked `wakeAt` (absent = unknown, so the next change runs every controller).
 */
function migrate(s: Partial<ClusterState>, from: number): ClusterState {
  if (from < 1) {
    s.ipam ??= {};
    s.logs ??= {};
  }
  if (from < 2) delete s.wakeAt;
  s.formatVersion = STATE_FORMAT_VERSION;
  return s as ClusterState;
}

/**
 * Views: a projection of each object of a kind, kept as a group of its own (`Pod:table`) right
 * after the kind's group and rewritten with it, so a reader that needs only those fields parses
 * the small group (`kubesim get pods` over 10,000 pods: 7 MB instead of 31 MB).
 */
const VIEW_SEPARATOR = ':';
const VIEWS: Record<string, { name: string; project: (o: KObjectLike) => KObjectLike }> = {
  Pod: { name: `Pod${VIEW_SEPARATOR}table`, project: podTableView },
};

/**
 * A group to write: its raw bytes as read, or its lines, each a string or a run of raw lines
 * (commas inside, none after), to be joined with ",\n".
 */
interface GroupOut {
  name: string;
  bytes?: Buffer;
  lines?: (string | Buffer)[];
}

/** A kind's group and its view's, if any: as read when unchanged, else merged line by line. */
function objectGroups(kind: string, objects: ClusterState['objects'], raw: Map<string, Buffer> | undefined, changes: StateChanges | undefined): GroupOut[] {
  const view = VIEWS[kind];
  const read = raw?.get(kind);
  const rawView = view && raw?.get(view.name);
  if (read !== undefined && !changes!.kinds.has(kind)) {
    // Nobody changed this kind: copy back the bytes that were read (and its view's), unparsed.
    return [{ name: kind, bytes: read }, ...(rawView ? [{ name: view.name, bytes: rawView }] : [])];
  }
  const inner = objects[kind]; // (reading it parses a kind not yet parsed: only for changed kinds)
  const changed = read !== undefined ? changes!.keys(kind) : undefined;
  const group = (from: Buffer | undefined, f: (o: KObjectLike) => unknown): (string | Buffer)[] => {
    const line = (k: string) => `${LINE_INDENT}${JSON.stringify(k)}: ${JSON.stringify(f(inner[k]))}`;
    if (!from || !changed) return Object.keys(inner).sort().map(line);
    return mergeLines(from, changed, Object.keys(inner), line);
  };
  return [{ name: kind, lines: group(read, (o) => o) }, ...(view ? [{ name: view.name, lines: group(read !== undefined ? rawView : undefined, view.project) }] : [])];
}

/**
 * The lines of a group as read, with the `changed` keys replaced by their new lines (or dropped,
 * when no longer in `present`) and new keys inserted in key order. Unchanged lines stay as runs of
 * the bytes read: an apply that touches one of a thousand Endpoints re-encodes one.
 */
function mergeLines(raw: Buffer, changed: ReadonlySet<string>, present: string[], line: (key: string) => string): (string | Buffer)[] {
  const fresh = present.filter((k) => changed.has(k)).sort();
  const out: (string | Buffer)[] = [];
  let next = 0;
  let runStart = -1;
  let runEnd = -1;
  const flush = () => {
    if (runStart >= 0) out.push(raw.subarray(runStart, runEnd));
    runStart = -1;
  };
  for (let from = 0; from < raw.length; ) {
    const eol = raw.indexOf(10, from);
    const to = eol < 0 ? raw.length : eol;
    const key = keyOfLine(raw, from);
    while (next < fresh.length && fresh[next] < key) {
      flush();
      out.push(line(fresh[next++]));
    }
    if (changed.has(key)) {
      flush();
      if (fresh[next] === key) out.push(line(fresh[next++]));
    } else {
      if (runStart < 0) runStart = from;
      runEnd = raw[to - 1] === 44 /* , */ ? to - 1 : to;
    }
    from = to + 1;
  }
  flush();
  while (next < fresh.length) out.push(line(fresh[next++]));
  return out;
}

const parsedViews = new WeakMap<object, Map<string, Record<string, KObjectLike>>>();

/**
 * A kind's view as read from the file ("namespace/name" → projection), or undefined: the file has
 * none, or the kind was parsed in this process (then its objects, perhaps changed, are the truth).
 */
export function tableView(objects: ClusterState['objects'], kind: string): Record<string, KObjectLike> | undefined {
  const view = VIEWS[kind];
  const read = RAW_GROUPS.get(objects);
  const raw = view && read?.groups.get(view.name);
  if (!raw || !unparsed(objects, kind)) return undefined;
  let cache = parsedViews.get(objects);
  if (!cache) parsedViews.set(objects, (cache = new Map()));
  let value = cache.get(view.name);
  if (!value) cache.set(view.name, (value = parseLines(read!.path, view.name, raw.toString('utf8'))));
  return value;
}

/**
 * Serialize (as chunks to write in order) with the top level pretty-printed and each object on its own line: readable and
 * diffable (one changed object = one changed line), yet compact for clusters of thousands of pods.
 */
export function serializeState(state: ClusterState, changes?: StateChanges): (string | Buffer)[] {
  const raw = changes ? RAW_GROUPS.get(state.objects)?.groups : undefined;
  const out: (string | Buffer)[] = [];
  const line = (text: string) => out.push(text + '\n');
  line('{');
  const top = Object.keys(state) as (keyof ClusterState)[];
  top.forEach((key, i) => {
    const comma = i < top.length - 1 ? ',' : '';
    const value = state[key];
    if (key === 'objects' || key === 'logs') {
      const outer = value as Record<string, unknown>;
      const groups = Object.keys(outer).sort();
      line(`  ${JSON.stringify(key)}: {`);
      if (key === 'logs') {
        groups.forEach((g, gi) => line(`    ${JSON.stringify(g)}: ${JSON.stringify(outer[g])}${gi < groups.length - 1 ? ',' : ''}`));
      } else {
        const blocks = groups.flatMap((g) => objectGroups(g, state.objects, raw, changes));
        blocks.forEach((b, bi) => {
          line(`    ${JSON.stringify(b.name)}: {`);
          if (b.bytes) {
            if (b.bytes.length > 0) out.push(b.bytes, '\n');
          } else b.lines!.forEach((l, li) => out.push(l, li < b.lines!.length - 1 ? ',\n' : '\n'));
          line(`    }${bi < blocks.length - 1 ? ',' : ''}`);
        });
      }
      line(`  }${comma}`);
    } else if (key === 'random') {
      line(`  ${JSON.stringify(key)}: ${JSON.stringify(value)}${comma}`);
    } else {
      const pretty = JSON.stringify(value, null, 2).replace(/\n/g, '\n  ');
      line(`  ${JSON.stringify(key)}: ${pretty}${comma}`);
    }
  });
  line('}');
  return out;
}

/** Create the state directory 0700 (never loosening an existing one's mode). */
export function ensureStateDir(dir: string): void {
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
}

/** Write every byte (writeSync may write only part, e.g. on a full disk, and still return). */
function writeAll(fd: number, data: string | Uint8Array): void {
  const buf = typeof data === 'string' ? Buffer.from(data) : data;
  for (let off = 0; off < buf.length; ) {
    const n = writeSync(fd, buf, off, buf.length - off);
    if (n <= 0) throw Object.assign(new Error('short write'), { code: 'ENOSPC' });
    off += n;
  }
}

/** Write the state; `changes` (when known) lets what nobody changed be copied through as read. */
export function writeStateAtomic(path: string, state: ClusterState, changes?: StateChanges): void {
  const dir = dirname(path);
  ensureStateDir(dir);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  const chunks = serializeState(state, changes);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'w', 0o600);
    // Strings are gathered into large writes; copied-through kinds go out as the bytes read.
    let pending = '';
    for (const c of chunks) {
      if (typeof c === 'string') {
        pending += c;
        if (pending.length < 1 << 20) continue;
      } else {
        if (pending) writeAll(fd, pending);
        pending = '';
        writeAll(fd, c);
        continue;
      }
      writeAll(fd, pending);
      pending = '';
    }
    if (pending) writeAll(fd, pending);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    chmodSync(tmp, 0o600);
    renameSync(tmp, path);
  } catch (err) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      /* already gone */
    }
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOSPC' ? 'no space left on device' : code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? 'permission denied' : (err as Error).message;
    throw new KubesimError(`unable to write the cluster state file "${path}": ${why}`, { hint: 'nothing was changed: the previous state is intact' });
  }
  try {
    const dfd = openSync(dir, 'r');
    fsyncSync(dfd);
    closeSync(dfd);
  } catch {
    /* directory fsync is best effort (not supported everywhere) */
  }
}

/**
 * A development check (with KUBESIM_VERIFY_RECONCILE=1, on in the tests): the file just written
 * holds exactly the in-memory objects of every changed kind, and their views — so a line copied
 * through as read can never hide a change made in memory.
 */
export function verifyWritten(path: string, state: ClusterState, changes: StateChanges): void {
  const back = parseState(path, readFileSync(path));
  const canonical = (group: Record<string, unknown> | undefined) => JSON.stringify(Object.entries(group ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  for (const kind of changes.kinds) {
    const view = VIEWS[kind];
    const backView = view && tableView(back.objects, kind); // (before the kind itself is parsed)
    const mem = state.objects[kind] ?? {};
    const sameView = !view || canonical(backView) === canonical(Object.fromEntries(Object.entries(mem).map(([k, o]) => [k, view.project(o)])));
    const same = sameView && canonical(back.objects[kind]) === canonical(mem);
    if (!same) throw new KubesimError(`internal error: the state file written does not hold the ${kind} objects in memory`, { hint: 'this is a kubesim bug in src/store/state-file.ts' });
  }
}
