/**
 * Reading the manifests `validate` checks: the same files, documents, objects and error texts as
 * `manifest/load.ts` (kubectl's resource builder), file by file, through the fast reader of
 * fast-yaml.ts where it applies and load.ts itself everywhere else. Source positions are computed
 * only when a finding asks for one.
 */
import fs from 'node:fs';
import type { KubesimError, SourcePosition } from '../errors.js';
import { LineIndex, loadManifests, walkDir, type ManifestDoc } from '../manifest/load.js';
import { metadataDecodeError } from '../manifest/strict.js';
import { apiVersionOf, resourceForKind } from '../api/resources.js';
import { fastReadable, parseYamlDocument, positionKey, splitYamlChunks, type Path, type YamlChunk } from './fast-yaml.js';

/** One decoded object of a file. */
export interface SourceDoc {
  object: Record<string, unknown>;
  source: string;
  positionOf(path: Path): SourcePosition | undefined;
}

export type SourceItem = { doc: SourceDoc } | { error: KubesimError };


export type Expanded = { files: string[] } | { errors: KubesimError[] };

/**
 * The files named by `-f` arguments, in kubectl's order. `-` stands for standard input. A path
 * that does not exist fails the whole command (load.ts's wording and hint), as in kubectl.
 */
export function expandPaths(paths: string[], recursive: boolean): Expanded {
  const files: string[] = [];
  const errors: KubesimError[] = [];
  for (const p of paths) {
    if (p === '-') {
      files.push('-');
      continue;
    }
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch {
      // load.ts words the failure (does not exist / cannot be accessed, with a nearest-file hint)
      for (const item of loadManifests([p], { recursive, readStdin: () => '' })) if ('error' in item) errors.push(item.error);
      continue;
    }
    if (st.isDirectory()) files.push(...walkDir(p, recursive));
    else files.push(p);
  }
  return errors.length > 0 ? { errors } : { files };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** metadata that cannot fail the client's metadata decode (a shortcut before the full check). */
function simpleMetadata(m: unknown): boolean {
  if (m === undefined || m === null) return true;
  if (!isPlainObject(m)) return false;
  for (const k of Object.keys(m)) {
    const v = m[k];
    if (k === 'name' || k === 'namespace' || k === 'generateName') {
      if (typeof v !== 'string') return false;
    } else if (k === 'labels' || k === 'annotations') {
      if (v === null) continue;
      if (!isPlainObject(v)) return false;
      for (const x of Object.values(v)) if (typeof x !== 'string' && x !== null) return false;
    } else return false;
  }
  return true;
}

/** Whether load.ts would pass this decoded document through unchanged as one object. */
function plainObjectDoc(v: Record<string, unknown>): boolean {
  const av = v.apiVersion;
  const kind = v.kind;
  if (typeof av !== 'string' || typeof kind !== 'string' || kind === '' || av.split('/').length > 2) return false;
  if (Array.isArray(v.items) && (kind === 'List' || kind.endsWith('List'))) return false;
  if (!simpleMetadata(v.metadata) && metadataDecodeError(v)) return false;
  const r = resourceForKind(kind);
  return r !== undefined && apiVersionOf(r) === av;
}

function lazyPositions(file: string, index: LineIndex, chunk: YamlChunk): SourceDoc['positionOf'] {
  let positions: Map<string, number> | undefined;
  return (p) => {
    positions ??= parseYamlDocument(chunk, true)?.positions ?? new Map();
    for (let n = p.length; n >= 0; n--) {
      const off = positions.get(positionKey(n === p.length ? p : p.slice(0, n)));
      if (off !== undefined) return { file, ...index.position(off) };
    }
    return undefined;
  };
}

/** The fast path; undefined when the file needs load.ts. */
export function fastLoad(file: string, text: string): SourceItem[] | undefined {
  if (!fastReadable(text)) return undefined;
  const chunks = splitYamlChunks(text);
  if (!chunks) return undefined;
  const index = new LineIndex(text);
  const out: SourceItem[] = [];
  for (const chunk of chunks) {
    const parsed = parseYamlDocument(chunk);
    if (!parsed) return undefined;
    if (parsed.value === null) continue;
    if (!isPlainObject(parsed.value) || !plainObjectDoc(parsed.value)) return undefined;
    out.push({ doc: { object: parsed.value, source: file, positionOf: lazyPositions(file, index, chunk) } });
  }
  return out;
}

function fromManifest(d: ManifestDoc): SourceDoc {
  return { object: d.object, source: d.source, positionOf: d.positionOf };
}

/** Read one file (or `-`, standard input): its objects and its errors, in document order. */
export function loadSource(file: string, readStdin: () => string): SourceItem[] {
  if (file !== '-') {
    let text: string | undefined;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      text = undefined; // load.ts words the failure
    }
    if (text !== undefined) {
      const fast = fastLoad(file, text);
      if (fast) return fast;
    }
  }
  return loadManifests([file], { recursive: false, readStdin }).map((item) => ('doc' in item ? { doc: fromManifest(item.doc) } : item));
}

/** The name a file is reported under: the path as given, `STDIN` for `-`. */
export function sourceName(file: string): string {
  return file === '-' ? 'STDIN' : file;
}
