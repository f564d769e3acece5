/**
 * The `kubectl.kubernetes.io/last-applied-configuration` annotation and the client-side
 * three-way merge `kubectl apply` performs between it, the new configuration and the live object.
 */
import type { KObject } from '../api/resources.js';
import { sortedCompactJson } from '../printers/go-json.js';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/**
 * The annotation value for a configuration: the object as given (namespace filled in, its own
 * annotations kept, this annotation excluded), compact sorted JSON plus a newline.
 */
export function lastAppliedValue(config: KObject): string {
  const copy = structuredClone(config) as KObject;
  const annotations = { ...(copy.metadata.annotations ?? {}) };
  delete annotations[LAST_APPLIED];
  copy.metadata.annotations = annotations;
  return sortedCompactJson(copy) + '\n';
}

export function withLastApplied(config: KObject): KObject {
  const obj = structuredClone(config) as KObject;
  obj.metadata.annotations = { ...(obj.metadata.annotations ?? {}), [LAST_APPLIED]: lastAppliedValue(config) };
  return obj;
}

/** List merge keys of the strategic merge patch for the fields kubesim serves. */
export const MERGE_KEYS: Record<string, string[]> = {
  containers: ['name'],
  initContainers: ['name'],
  ephemeralContainers: ['name'],
  env: ['name'],
  volumes: ['name'],
  volumeMounts: ['mountPath'],
  imagePullSecrets: ['name'],
  tolerations: [],
  ports: ['containerPort', 'port'],
  conditions: ['type'],
};

function isObject(v: unknown): v is Record<string, Json> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

function keyOf(item: unknown, keys: string[]): string | undefined {
  if (!isObject(item)) return undefined;
  for (const k of keys) if (item[k] !== undefined) return `${k}=${JSON.stringify(item[k])}/${JSON.stringify(item.protocol ?? '')}`;
  return undefined;
}

/**
 * Three-way merge: start from the live value, set what the new config says, and delete what
 * the last applied config had but the new one dropped. Server-set fields (defaults, status,
 * allocated IPs and ports) survive because neither config mentions them.
 */
export function threeWayMerge(live: unknown, last: unknown, config: unknown, field = ''): unknown {
  if (isObject(config)) {
    const out: Record<string, unknown> = isObject(live) ? { ...live } : {};
    for (const k of Object.keys(config)) {
      out[k] = threeWayMerge(isObject(live) ? live[k] : undefined, isObject(last) ? last[k] : undefined, config[k], k);
    }
    if (isObject(last)) for (const k of Object.keys(last)) if (!(k in config)) delete out[k];
    return out;
  }
  if (Array.isArray(config) && MERGE_KEYS[field]?.length && Array.isArray(live)) {
    const keys = MERGE_KEYS[field];
    const liveBy = new Map(live.map((i) => [keyOf(i, keys), i]));
    const lastBy = new Map((Array.isArray(last) ? last : []).map((i) => [keyOf(i, keys), i]));
    const merged = config.map((item) => {
      const k = keyOf(item, keys);
      return k === undefined ? item : threeWayMerge(liveBy.get(k), lastBy.get(k), item, '');
    });
    return merged;
  }
  return config;
}
