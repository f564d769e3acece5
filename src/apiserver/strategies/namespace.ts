/**
 * Namespaces: a DNS-1123 label name; the server sets the `kubernetes.io/metadata.name` label,
 * `spec.finalizers: [kubernetes]` and `status.phase: Active`. Finalizers and status are not
 * changed by ordinary updates.
 */
import type { Strategy } from '../strategy.js';
import { invalid } from '../field-errors.js';
import { nameIsDNSLabel } from '../../validation/names.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/labels.js';

export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

export const namespaceStrategy: Strategy = {
  prepareForCreate(obj) {
    obj.metadata.labels = { ...(obj.metadata.labels ?? {}), [NAMESPACE_NAME_LABEL]: obj.metadata.name };
    obj.spec = { finalizers: ['kubernetes'] };
    obj.status = { phase: 'Active' };
  },
  validateCreate(obj) {
    return validateObjectMeta(obj.metadata, false, nameIsDNSLabel);
  },
  prepareForUpdate(obj, old) {
    obj.metadata.labels = { ...(obj.metadata.labels ?? {}), [NAMESPACE_NAME_LABEL]: obj.metadata.name };
    obj.spec = structuredClone(old.spec ?? { finalizers: ['kubernetes'] });
    obj.status = structuredClone(old.status ?? { phase: 'Active' });
  },
  validateUpdate(obj, old) {
    const errs = validateObjectMetaUpdate(obj.metadata, old.metadata);
    errs.push(...validateObjectMeta(obj.metadata, false, nameIsDNSLabel));
    const label = obj.metadata.labels?.[NAMESPACE_NAME_LABEL];
    if (label !== undefined && label !== obj.metadata.name) errs.push(invalid(`metadata.labels`, label, `must be ${obj.metadata.name}`));
    return errs;
  },
};
