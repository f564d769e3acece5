/**
 * EndpointSlices (discovery.k8s.io/v1): a DNS-1123 subdomain name, an addressType (IPv4, IPv6, FQDN;
 * immutable), 1–100 addresses per endpoint that fit the type, valid ports. Port protocol defaults to TCP.
 */
import type { KObject } from '../../api/resources.js';
import type { Strategy } from '../strategy.js';
import { invalid, required, unsupported, type FieldError } from '../field-errors.js';
import { isDNS1123Subdomain, nameIsDNSSubdomain, validateDNS1123Label } from '../../validation/names.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../validation/labels.js';
import { isIPv6String, parseIPv4 } from '../../validation/ip.js';
import { validatePortNum } from '../../validation/ports.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = Record<string, any>;

function setDefaults(obj: KObject): void {
  for (const p of (obj.ports ?? []) as Json[]) if (p && !p.protocol) p.protocol = 'TCP';
}

function validateSlice(obj: KObject): FieldError[] {
  const errs: FieldError[] = [];
  const t = obj.addressType as string | undefined;
  if (!t) errs.push(required('addressType'));
  else if (!['IPv4', 'IPv6', 'FQDN'].includes(t)) errs.push(unsupported('addressType', t, ['FQDN', 'IPv4', 'IPv6']));
  ((obj.endpoints ?? []) as Json[]).forEach((e, i) => {
    const addrs = (e?.addresses ?? []) as string[];
    if (addrs.length === 0) errs.push(required(`endpoints[${i}].addresses`, 'must contain at least 1 address'));
    else if (addrs.length > 100) errs.push({ type: 'Too many', field: `endpoints[${i}].addresses`, value: addrs.length, detail: 'must have at most 100 items' });
    addrs.forEach((a, j) => {
      const f = `endpoints[${i}].addresses[${j}]`;
      if (t === 'IPv4' && parseIPv4(a) === undefined) errs.push(invalid(f, a, 'must be a valid IPv4 address'));
      if (t === 'IPv6' && !isIPv6String(a)) errs.push(invalid(f, a, 'must be a valid IPv6 address'));
      if (t === 'FQDN') for (const m of isDNS1123Subdomain(a)) errs.push(invalid(f, a, m));
    });
  });
  ((obj.ports ?? []) as Json[]).forEach((p, i) => {
    const pp = `ports[${i}]`;
    if (p?.name) errs.push(...validateDNS1123Label(String(p.name), `${pp}.name`));
    if (p?.port !== undefined && p?.port !== null) errs.push(...validatePortNum(p.port, `${pp}.port`));
    if (!p?.protocol) errs.push(required(`${pp}.protocol`));
    else if (!['TCP', 'UDP', 'SCTP'].includes(p.protocol)) errs.push(unsupported(`${pp}.protocol`, p.protocol, ['SCTP', 'TCP', 'UDP']));
  });
  return errs;
}

export const endpointSliceStrategy: Strategy = {
  prepareForCreate: setDefaults,
  validateCreate(obj) {
    return [...validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain), ...validateSlice(obj)];
  },
  prepareForUpdate: (obj) => setDefaults(obj),
  validateUpdate(obj, old) {
    const errs = [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain), ...validateSlice(obj)];
    if (obj.addressType !== old.addressType) errs.push(invalid('addressType', String(obj.addressType ?? ''), 'field is immutable'));
    return errs;
  },
};
