/**
 * Endpoints (core/v1): a DNS-1123 subdomain name; each subset's addresses are valid IPs and its
 * ports valid (names DNS-1123 labels, numbers 1–65535, protocol TCP/UDP/SCTP). Protocol defaults to TCP.
 */
import type { KObject } from '../../api/resources.js';
import type { Strategy } from '../strategy.js';
import { required, unsupported, type FieldError } from '../field-errors.js';
import { nameIsDNSSubdomain, validateDNS1123Label } from '../../validation/names.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/labels.js';
import { validateIP } from '../../validation/ip.js';
import { validatePortNum } from '../../validation/ports.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = Record<string, any>;

function setEndpointsDefaults(obj: KObject): void {
  for (const s of (obj.subsets ?? []) as Json[]) for (const p of s?.ports ?? []) if (p && !p.protocol) p.protocol = 'TCP';
}

function validateSubsets(obj: KObject): FieldError[] {
  const errs: FieldError[] = [];
  ((obj.subsets ?? []) as Json[]).forEach((s, i) => {
    const sp = `subsets[${i}]`;
    const addrs = [...(s?.addresses ?? []), ...(s?.notReadyAddresses ?? [])];
    if (addrs.length === 0) errs.push(required(`${sp}`, 'must specify `addresses` or `notReadyAddresses`'));
    for (const [key, list] of [['addresses', s?.addresses ?? []], ['notReadyAddresses', s?.notReadyAddresses ?? []]] as const) {
      (list as Json[]).forEach((a, j) => errs.push(...validateIP(String(a?.ip ?? ''), `${sp}.${key}[${j}].ip`)));
    }
    const ports = (s?.ports ?? []) as Json[];
    ports.forEach((p, j) => {
      const pp = `${sp}.ports[${j}]`;
      if (ports.length > 1 && !p?.name) errs.push(required(`${pp}.name`));
      else if (p?.name) errs.push(...validateDNS1123Label(String(p.name), `${pp}.name`));
      errs.push(...validatePortNum(p?.port ?? 0, `${pp}.port`));
      if (!p?.protocol) errs.push(required(`${pp}.protocol`));
      else if (!['TCP', 'UDP', 'SCTP'].includes(p.protocol)) errs.push(unsupported(`${pp}.protocol`, p.protocol, ['SCTP', 'TCP', 'UDP']));
    });
  });
  return errs;
}

export const endpointsStrategy: Strategy = {
  prepareForCreate: setEndpointsDefaults,
  validateCreate(obj) {
    return [...validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain), ...validateSubsets(obj)];
  },
  prepareForUpdate: (obj) => setEndpointsDefaults(obj),
  validateUpdate(obj, old) {
    return [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain), ...validateSubsets(obj)];
  },
};

