/**
 * Events (core/v1): light validation — a DNS-1123 subdomain name, the involved object in the
 * event's namespace, a known type.
 */
import type { KObject } from '../../api/resources.js';
import type { Strategy } from '../strategy.js';
import { invalid, unsupported, type FieldError } from '../field-errors.js';
import { nameIsDNSSubdomain } from '../../validation/names.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/labels.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = Record<string, any>;

function validateEvent(obj: KObject): FieldError[] {
  const errs: FieldError[] = [];
  const io = (obj.involvedObject ?? {}) as Json;
  if (io.namespace && obj.metadata.namespace && io.namespace !== obj.metadata.namespace) {
    errs.push(invalid('involvedObject.namespace', String(io.namespace), 'does not match event.namespace'));
  }
  if (obj.type !== undefined && obj.type !== 'Normal' && obj.type !== 'Warning') errs.push(unsupported('type', String(obj.type), ['Normal', 'Warning']));
  return errs;
}

export const eventStrategy: Strategy = {
  validateCreate(obj) {
    return [...validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain), ...validateEvent(obj)];
  },
  validateUpdate(obj, old) {
    return [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateEvent(obj)];
  },
};
