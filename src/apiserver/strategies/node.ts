/**
 * Nodes (cluster-scoped): a DNS-1123 subdomain name, pod CIDR syntax, taint effects. Light validation:
 * nodes are made by kubesim itself, not usually by users.
 */
import type { KObject } from '../../api/resources.js';
import type { Strategy } from '../strategy.js';
import { required, unsupported, type FieldError } from '../field-errors.js';
import { nameIsDNSSubdomain } from '../../validation/names.js';
import { validateLabelName, validateObjectMeta, validateObjectMetaUpdate } from '../../validation/labels.js';
import { validateCIDR } from '../../validation/ip.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = Record<string, any>;

function validateNodeSpec(obj: KObject): FieldError[] {
  const spec = (obj.spec ?? {}) as Json;
  const errs: FieldError[] = [];
  if (spec.podCIDR) errs.push(...validateCIDR(String(spec.podCIDR), 'spec.podCIDR'));
  ((spec.podCIDRs ?? []) as string[]).forEach((c, i) => errs.push(...validateCIDR(String(c), `spec.podCIDRs[${i}]`)));
  ((spec.taints ?? []) as Json[]).forEach((t, i) => {
    const p = `spec.taints[${i}]`;
    errs.push(...validateLabelName(String(t?.key ?? ''), `${p}.key`));
    if (!t?.effect) errs.push(required(`${p}.effect`));
    else if (!['NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes(t.effect)) errs.push(unsupported(`${p}.effect`, t.effect, ['NoExecute', 'NoSchedule', 'PreferNoSchedule']));
  });
  return errs;
}

export const nodeStrategy: Strategy = {
  prepareForCreate(obj) {
    obj.spec ??= {};
  },
  validateCreate(obj) {
    return [...validateObjectMeta(obj.metadata, false, nameIsDNSSubdomain), ...validateNodeSpec(obj)];
  },
  prepareForUpdate(obj, old) {
    obj.spec ??= {};
    if (obj.status === undefined) obj.status = structuredClone(old.status);
  },
  validateUpdate(obj, old) {
    return [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateObjectMeta(obj.metadata, false, nameIsDNSSubdomain), ...validateNodeSpec(obj)];
  },
};
