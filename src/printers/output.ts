/**
 * The non-table `-o` formats (yaml, json, name, jsonpath, jsonpath-as-json, custom-columns), chosen
 * as kubectl's PrintFlags.ToPrinter chooses them, with its error for an unknown format.
 */
import { readFileSync } from 'node:fs';
import { KubesimError } from '../errors.js';
import { qualifiedKind, resourceForKind, type KObject } from '../api/resources.js';
import { listOf, toYaml } from './yaml.js';
import { typedJson, unstructuredJson } from './go-json.js';
import { executeJsonPath, executeJsonPathAsJson, parseJsonPath } from './jsonpath.js';
import { parseCustomColumns, parseCustomColumnsFile, renderCustomColumns } from './custom-columns.js';
/** Where printed text goes (stdout). */
export interface Sink {
  write(text: string): void;
}

export type OutputFormat =
  | { kind: 'table'; wide: boolean }
  | { kind: 'yaml' }
  | { kind: 'json' }
  | { kind: 'name' }
  | { kind: 'jsonpath'; template: string; asJson: boolean }
  | { kind: 'custom-columns'; columns: ReturnType<typeof parseCustomColumns> };

const GET_FORMATS = 'custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml';
const WRITE_FORMATS = 'go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml';

export function noPrinter(format: string, verb: 'get' | 'write'): KubesimError {
  return new KubesimError(`unable to match a printer suitable for the output format "${format}", allowed formats are: ${verb === 'get' ? GET_FORMATS : WRITE_FORMATS}`);
}

function readTemplateFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new KubesimError(`error reading template ${path}, open ${path}: no such file or directory`);
  }
}

/** Parse `-o`; `verb` selects which formats exist (get has tables; writers do not). */
export function parseOutputFormat(value: string | undefined, verb: 'get' | 'write'): OutputFormat {
  if (value === undefined || value === '') return { kind: 'table', wide: false };
  const eq = value.indexOf('=');
  const name = eq < 0 ? value : value.slice(0, eq);
  const arg = eq < 0 ? '' : value.slice(eq + 1);
  switch (name) {
    case 'wide':
      if (verb === 'get' && eq < 0) return { kind: 'table', wide: true };
      break;
    case 'yaml':
      if (eq < 0) return { kind: 'yaml' };
      break;
    case 'json':
      if (eq < 0) return { kind: 'json' };
      break;
    case 'name':
      if (eq < 0) return { kind: 'name' };
      break;
    case 'jsonpath':
    case 'jsonpath-as-json':
    case 'jsonpath-file': {
      if (eq < 0) throw new KubesimError('template format specified but no template given');
      const template = name === 'jsonpath-file' ? readTemplateFile(arg) : arg;
      parseJsonPath(template);
      return { kind: 'jsonpath', template, asJson: name === 'jsonpath-as-json' };
    }
    case 'custom-columns':
    case 'custom-columns-file':
      if (verb !== 'get') break;
      if (eq < 0) throw new KubesimError('custom-columns format specified but no custom columns given');
      return { kind: 'custom-columns', columns: name === 'custom-columns' ? parseCustomColumns(arg) : parseCustomColumnsFile(readTemplateFile(arg)) };
    case 'go-template':
    case 'go-template-file':
    case 'template':
    case 'templatefile':
      throw new KubesimError(`the output format "${name}" (Go templates) is not supported by kubesim`, { hint: 'use -o jsonpath=… or -o custom-columns=… instead' });
  }
  throw noPrinter(value, verb);
}

/** `service/x`, `deployment.apps/y`. */
export function nameOf(obj: KObject): string {
  const r = resourceForKind(obj.kind);
  return `${r ? qualifiedKind(r) : obj.kind.toLowerCase()}/${obj.metadata.name}`;
}

/** The object without metadata.managedFields, which kubectl hides unless --show-managed-fields. */
export function withoutManagedFields(obj: KObject): KObject {
  if (!obj.metadata.managedFields) return obj;
  const { managedFields: _m, ...meta } = obj.metadata;
  return { ...obj, metadata: meta as KObject['metadata'] };
}

/**
 * Print objects in a non-table format. `single` = one named object (printed bare rather than as
 * a List).
 */
export function printObjects(
  rt: { stdout: Sink },
  format: OutputFormat,
  objects: KObject[],
  // typed: the object is one kubectl built itself (a generator's), not one read from the server.
  opts: { single: boolean; showManagedFields?: boolean; allowMissingKeys?: boolean; noHeaders?: boolean; typed?: boolean },
): void {
  const objs = opts.showManagedFields ? objects : objects.map(withoutManagedFields);
  const data = opts.single ? objs[0] : listOf(objs);
  switch (format.kind) {
    case 'yaml':
      rt.stdout.write(toYaml(data));
      return;
    case 'json':
      rt.stdout.write(opts.typed ? typedJson(data) : unstructuredJson(data));
      return;
    case 'name':
      for (const o of objs) rt.stdout.write(nameOf(o) + '\n');
      return;
    case 'jsonpath': {
      const jp = parseJsonPath(format.template);
      const o = { allowMissingKeys: opts.allowMissingKeys !== false };
      rt.stdout.write(format.asJson ? executeJsonPathAsJson(jp, data, o) : executeJsonPath(jp, data, o));
      return;
    }
    case 'custom-columns':
      rt.stdout.write(renderCustomColumns(format.columns, objs, { noHeaders: opts.noHeaders === true }));
      return;
    case 'table':
      throw new Error('table output is printed by the get command');
  }
}
