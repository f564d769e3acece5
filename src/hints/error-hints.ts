/**
 * kubesim's hints for errors where kubectl's text leaves a learner stuck. Each rule looks at the
 * structured error (the apiserver's field causes), never at terminal concerns; the CLI prints the
 * result on its own `hint:` line after kubectl's message.
 */
import { ApiError } from '../apiserver/status.js';
import type { FieldError } from '../apiserver/field-errors.js';
import type { KubesimError } from '../errors.js';

type CauseRule = (c: FieldError) => string | undefined;

const CAUSE_RULES: CauseRule[] = [
  (c) =>
    c.field === 'spec.type' && c.value === 'None'
      ? 'a headless Service keeps `type: ClusterIP` (or no type) and sets `clusterIP: None` instead'
      : undefined,
  (c) =>
    c.field === 'spec.type' && typeof c.value === 'string' && c.type === 'Unsupported value'
      ? 'Service types are case-sensitive: ClusterIP, NodePort, LoadBalancer or ExternalName'
      : undefined,
  (c) =>
    /^spec\.ports\[\d+\]\.name$/.test(c.field) && c.type === 'Required value'
      ? 'a Service with more than one port must give every port a name (e.g. `name: http`)'
      : undefined,
  (c) =>
    /^spec\.ports\[\d+\]\.name$/.test(c.field) && c.type === 'Invalid value'
      ? 'port names use lowercase letters, digits and "-", starting and ending with a letter or digit (e.g. "123-abc" or "web"; not "123_abc" or "-web")'
      : undefined,
  (c) =>
    /nodePort$/.test(c.field) && /not in the valid range/.test(c.detail ?? '')
      ? 'omit nodePort to let the cluster pick a free one, or choose a port in the NodePort range'
      : undefined,
  (c) =>
    /nodePort$/.test(c.field) && /already allocated/.test(c.detail ?? '')
      ? 'this nodePort is taken, by another Service (`kubesim get svc -A` shows which) or by an earlier port of this one (`--node-port` applies to every port); omit nodePort to get a free one'
      : undefined,
  (c) =>
    c.field === 'spec.clusterIPs' && /already allocated/.test(c.detail ?? '')
      ? 'another Service already has this clusterIP; omit clusterIP to get a free one'
      : undefined,
  (c) =>
    c.field === 'spec.template.metadata.labels' && /does not match template/.test(c.detail ?? '')
      ? 'every label in spec.selector.matchLabels must also be in spec.template.metadata.labels with the same value'
      : undefined,
  (c) =>
    c.field === 'metadata.name' && /DNS-1035/.test(c.detail ?? '')
      ? 'Service names must start with a lowercase letter and use only lowercase letters, digits and "-"'
      : undefined,
  (c) =>
    c.field === 'spec.externalTrafficPolicy' && /externally-accessible/.test(c.detail ?? '')
      ? 'externalTrafficPolicy applies only to NodePort and LoadBalancer Services (or ones with externalIPs); use internalTrafficPolicy for traffic from inside the cluster'
      : undefined,
];

/** A hint for an error that has none yet, or undefined. */
export function hintForError(err: KubesimError): string | undefined {
  if (err.hint) return err.hint;
  if (!(err instanceof ApiError)) return undefined;
  for (const cause of err.causes) {
    for (const rule of CAUSE_RULES) {
      const h = rule(cause);
      if (h) return h;
    }
  }
  return undefined;
}
