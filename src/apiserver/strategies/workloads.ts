/**
 * apps/v1 workloads — Deployment, ReplicaSet, StatefulSet, DaemonSet: their defaults (including the
 * pod-spec defaults the apiserver applies to templates), the selector rules, template validation,
 * and the update rules (an immutable selector; StatefulSet's short list of mutable fields).
 */
import type { KObject } from '../../api/resources.js';
import type { Strategy } from '../strategy.js';
import { forbidden, GoLiteral, goQuote, goStringMap, invalid, required, type FieldError } from '../field-errors.js';
import { labelSelectorMatches, type LabelSelector } from '../../labels/selector.js';
import { nameIsDNSLabel, nameIsDNSSubdomain, type NameValidator } from '../../validation/names.js';
import { isConvertibleSelector, validateAnnotations, validateLabels, validateLabelSelector, validateObjectMeta, validateObjectMetaUpdate } from '../../validation/labels.js';
import { setPodSpecDefaults, unsupportedInOrder, validatePodSpec } from './pod.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = Record<string, any>;

export type WorkloadKind = 'Deployment' | 'ReplicaSet' | 'StatefulSet' | 'DaemonSet';

const NEGATIVE = 'must be greater than or equal to 0';

function specOf(obj: KObject): Json {
  if (!obj.spec || typeof obj.spec !== 'object') obj.spec = {};
  return obj.spec as Json;
}

// ---------------------------------------------------------------------------------------------
// Go renderings of composite values

function goStringSliceOrNil(v: string[] | undefined | null): string {
  return v ? `[]string{${v.map(goQuote).join(', ')}}` : '[]string(nil)';
}

/** `map[string]string{"app":"web"}`, or `map[string]string(nil)` for a missing map. */
export function goLabelMap(m: Record<string, string> | undefined | null): GoLiteral {
  return m ? goStringMap(m) : new GoLiteral('map[string]string(nil)');
}

/** Go's %#v of a metav1.LabelSelector (how `field is immutable` and `empty selector` errors show it). */
export function goLabelSelector(sel: LabelSelector | undefined | null): GoLiteral {
  if (!sel) return new GoLiteral('null');
  const ml = sel.matchLabels ? goStringMap(sel.matchLabels).text : 'map[string]string(nil)';
  const me = sel.matchExpressions
    ? `[]v1.LabelSelectorRequirement{${sel.matchExpressions
        .map((e) => `v1.LabelSelectorRequirement{Key:${goQuote(e.key ?? '')}, Operator:${goQuote(e.operator ?? '')}, Values:${goStringSliceOrNil(e.values)}}`)
        .join(', ')}}`
    : '[]v1.LabelSelectorRequirement(nil)';
  return new GoLiteral(`v1.LabelSelector{MatchLabels:${ml}, MatchExpressions:${me}}`);
}

function goIntOrString(v: unknown): GoLiteral {
  if (typeof v === 'number') return new GoLiteral(`intstr.IntOrString{Type:0, IntVal:${v}, StrVal:""}`);
  return new GoLiteral(`intstr.IntOrString{Type:1, IntVal:0, StrVal:${goQuote(String(v ?? ''))}}`);
}

// ---------------------------------------------------------------------------------------------
// Defaults

function setTemplateDefaults(spec: Json): void {
  const t = (spec.template ??= {});
  t.metadata ??= {};
  if (!('creationTimestamp' in t.metadata)) t.metadata.creationTimestamp = null;
  setPodSpecDefaults((t.spec ??= {}));
}

export function setWorkloadDefaults(kind: WorkloadKind, spec: Json): void {
  switch (kind) {
    case 'Deployment': {
      spec.replicas ??= 1;
      const st = (spec.strategy ??= {});
      if (!st.type) st.type = 'RollingUpdate';
      if (st.type === 'RollingUpdate') {
        st.rollingUpdate ??= {};
        st.rollingUpdate.maxUnavailable ??= '25%';
        st.rollingUpdate.maxSurge ??= '25%';
      }
      spec.revisionHistoryLimit ??= 10;
      spec.progressDeadlineSeconds ??= 600;
      break;
    }
    case 'ReplicaSet':
      spec.replicas ??= 1;
      break;
    case 'StatefulSet': {
      if (!spec.podManagementPolicy) spec.podManagementPolicy = 'OrderedReady';
      const us = (spec.updateStrategy ??= {});
      if (!us.type) {
        us.type = 'RollingUpdate';
        us.rollingUpdate ??= {};
      }
      if (us.type === 'RollingUpdate' && us.rollingUpdate) us.rollingUpdate.partition ??= 0;
      const pvc = (spec.persistentVolumeClaimRetentionPolicy ??= {});
      if (!pvc.whenDeleted) pvc.whenDeleted = 'Retain';
      if (!pvc.whenScaled) pvc.whenScaled = 'Retain';
      spec.replicas ??= 1;
      spec.revisionHistoryLimit ??= 10;
      break;
    }
    case 'DaemonSet': {
      const us = (spec.updateStrategy ??= {});
      if (!us.type) us.type = 'RollingUpdate';
      if (us.type === 'RollingUpdate') {
        us.rollingUpdate ??= {};
        us.rollingUpdate.maxUnavailable ??= 1;
        us.rollingUpdate.maxSurge ??= 0;
      }
      spec.revisionHistoryLimit ??= 10;
      break;
    }
  }
  setTemplateDefaults(spec);
}

// ---------------------------------------------------------------------------------------------
// Validation pieces

function nonNegative(v: unknown, field: string): FieldError[] {
  return typeof v === 'number' && v < 0 ? [invalid(field, v, NEGATIVE)] : [];
}

/**
 * kubesim's one limit of its own: the controllers create every pod before a command returns, so
 * spec.replicas is bounded (a real apiserver takes up to 2^31-1 and leaves what cannot be placed
 * Pending; a billion simulated pods would only hang the command).
 */
export const MAX_SIMULATED_REPLICAS = 5000;

/**
 * An OrderedReady StatefulSet starts one pod per controller pass (each waits for the one before to
 * be Ready), and every pass looks at every pod: 500 take about a second, 5,000 would take minutes.
 */
export const MAX_SIMULATED_ORDERED_REPLICAS = 500;

function replicas(v: unknown, max = MAX_SIMULATED_REPLICAS, why = 'a real cluster accepts it and leaves the pods it cannot place Pending'): FieldError[] {
  if (typeof v !== 'number') return [];
  if (v < 0) return [invalid('spec.replicas', v, NEGATIVE)];
  return v > max ? [invalid('spec.replicas', v, `must be no more than ${max} in kubesim (a simulation limit; ${why})`)] : [];
}

function isEmptySelector(sel: LabelSelector): boolean {
  return Object.keys(sel.matchLabels ?? {}).length + (sel.matchExpressions?.length ?? 0) === 0;
}

/** Selector presence, syntax and emptiness (the emptiness message names the kind as the apiserver does). */
function validateSelector(sel: LabelSelector | undefined, emptyWord: string, requireSelector: boolean): FieldError[] {
  const errs: FieldError[] = [];
  if (!sel) {
    if (requireSelector) errs.push(required('spec.selector'));
    return errs;
  }
  errs.push(...validateLabelSelector(sel, 'spec.selector'));
  if (isEmptySelector(sel)) errs.push(invalid('spec.selector', goLabelSelector(sel), `empty selector is invalid for ${emptyWord}`));
  return errs;
}

/** The selector must select the template's labels (a missing selector selects nothing; an empty one everything). */
function selectorMatchErrors(sel: LabelSelector | undefined, template: Json): FieldError[] {
  if (sel && isEmptySelector(sel)) return [];
  const labels = template?.metadata?.labels as Record<string, string> | undefined;
  if (sel && labelSelectorMatches(sel, labels)) return [];
  return [invalid('spec.template.metadata.labels', goLabelMap(labels), '`selector` does not match template `labels`')];
}

/** ValidatePodTemplateSpec: template labels/annotations (on `spec.template.labels`), then the pod spec. */
function validateTemplate(template: Json, extraVolumes: string[] = []): FieldError[] {
  const meta = template?.metadata ?? {};
  const errs = [...validateLabels(meta.labels, 'spec.template.labels'), ...validateAnnotations(meta.annotations, 'spec.template.annotations')];
  const spec = template?.spec ?? {};
  const withClaims = extraVolumes.length ? { ...spec, volumes: [...(spec.volumes ?? []), ...extraVolumes.map((name) => ({ name, emptyDir: {} }))] } : spec;
  errs.push(...validatePodSpec(withClaims, 'spec.template.spec', { template: true }));
  if (spec.ephemeralContainers?.length) errs.push(forbidden('spec.template.spec.ephemeralContainers', 'ephemeral containers not allowed in pod template'));
  return errs;
}

function restartPolicyErrors(template: Json): FieldError[] {
  const rp = template?.spec?.restartPolicy;
  return rp !== 'Always' ? [unsupportedInOrder('spec.template.spec.restartPolicy', rp ?? '', ['Always'])] : [];
}

function validateIntOrPercent(v: unknown, field: string): FieldError[] {
  if (v === undefined || v === null) return [];
  if (typeof v === 'number') return v < 0 ? [invalid(field, v, NEGATIVE)] : [];
  const m = /^(\d+)%$/.exec(String(v));
  if (!m) return [invalid(field, String(v), "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')")];
  return Number(m[1]) > 100 ? [invalid(field, String(v), 'must not be greater than 100%')] : [];
}

const isZero = (v: unknown) => v === 0 || v === '0%';

function validateDeploymentStrategy(st: Json | undefined): FieldError[] {
  const errs: FieldError[] = [];
  const s = st ?? {};
  if (s.type === 'Recreate') {
    if (s.rollingUpdate) errs.push(forbidden('spec.strategy.rollingUpdate', "may not be specified when strategy `type` is 'Recreate'"));
  } else if (s.type === 'RollingUpdate') {
    const ru = s.rollingUpdate;
    if (!ru) errs.push(required('spec.strategy.rollingUpdate', 'this should be defaulted and never be nil'));
    else {
      errs.push(...validateIntOrPercent(ru.maxUnavailable, 'spec.strategy.rollingUpdate.maxUnavailable'));
      errs.push(...validateIntOrPercent(ru.maxSurge, 'spec.strategy.rollingUpdate.maxSurge'));
      if (isZero(ru.maxSurge) && isZero(ru.maxUnavailable)) {
        errs.push(invalid('spec.strategy.rollingUpdate.maxUnavailable', goIntOrString(ru.maxUnavailable), 'may not be 0 when `maxSurge` is 0'));
      }
    }
  } else {
    errs.push(unsupportedInOrder('spec.strategy', String(s.type ?? ''), ['Recreate', 'RollingUpdate']));
  }
  return errs;
}

// ---------------------------------------------------------------------------------------------
// Per-kind spec validation

function validateDeploymentSpec(spec: Json): FieldError[] {
  const errs = replicas(spec.replicas);
  errs.push(...validateSelector(spec.selector, 'deployment', true));
  if (!isConvertibleSelector(spec.selector)) errs.push(invalid('spec.selector', goLabelSelector(spec.selector), 'invalid label selector'));
  else errs.push(...replicaSetTemplateErrors(spec, 'ReplicaSet'));
  errs.push(...validateDeploymentStrategy(spec.strategy));
  errs.push(...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  errs.push(...nonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  if (typeof spec.progressDeadlineSeconds === 'number') {
    errs.push(...nonNegative(spec.progressDeadlineSeconds, 'spec.progressDeadlineSeconds'));
    if (spec.progressDeadlineSeconds <= (spec.minReadySeconds ?? 0)) {
      errs.push(invalid('spec.progressDeadlineSeconds', spec.progressDeadlineSeconds, 'must be greater than minReadySeconds'));
    }
  }
  return errs;
}

/** ValidatePodTemplateSpecForReplicaSet (Deployments and ReplicaSets). */
function replicaSetTemplateErrors(spec: Json, kindWord: string): FieldError[] {
  const t = spec.template;
  if (!t) return [required('spec.template')];
  const errs = selectorMatchErrors(spec.selector, t);
  errs.push(...validateTemplate(t));
  errs.push(...restartPolicyErrors(t));
  if (t.spec?.activeDeadlineSeconds !== undefined && t.spec?.activeDeadlineSeconds !== null) {
    errs.push(invalid('spec.template.spec.activeDeadlineSeconds', t.spec.activeDeadlineSeconds, `activeDeadlineSeconds in ${kindWord} is not Supported`));
  }
  return errs;
}

function validateReplicaSetSpec(spec: Json): FieldError[] {
  const errs = replicas(spec.replicas);
  errs.push(...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  errs.push(...validateSelector(spec.selector, 'deployment', true));
  if (!isConvertibleSelector(spec.selector)) errs.push(invalid('spec.selector', goLabelSelector(spec.selector), 'invalid label selector'));
  else errs.push(...replicaSetTemplateErrors(spec, 'ReplicaSet'));
  return errs;
}

function validateStatefulSetSpec(spec: Json): FieldError[] {
  const errs: FieldError[] = [];
  const pmp = spec.podManagementPolicy;
  if (!pmp) errs.push(required('spec.podManagementPolicy'));
  else if (pmp !== 'OrderedReady' && pmp !== 'Parallel') errs.push(invalid('spec.podManagementPolicy', pmp, "must be 'OrderedReady' or 'Parallel'"));
  const us = spec.updateStrategy ?? {};
  if (us.type === 'OnDelete') {
    if (us.rollingUpdate) errs.push(invalid('spec.updateStrategy.rollingUpdate', new GoLiteral('apps.RollingUpdateStatefulSetStrategy{...}'), "only allowed for updateStrategy 'RollingUpdate'"));
  } else if (us.type === 'RollingUpdate') {
    if (us.rollingUpdate) errs.push(...nonNegative(us.rollingUpdate.partition, 'spec.updateStrategy.rollingUpdate.partition'));
  } else if (!us.type) errs.push(required('spec.updateStrategy'));
  else errs.push(invalid('spec.updateStrategy', us.type, "must be 'RollingUpdate' or 'OnDelete'"));
  errs.push(...(pmp === 'OrderedReady' && (spec.replicas ?? 0) > MAX_SIMULATED_ORDERED_REPLICAS ? replicas(spec.replicas, MAX_SIMULATED_ORDERED_REPLICAS, "kubesim starts an OrderedReady StatefulSet's pods one at a time; podManagementPolicy: Parallel allows 5000") : replicas(spec.replicas)));
  errs.push(...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  errs.push(...validateSelector(spec.selector, 'statefulset', true));
  if (!isConvertibleSelector(spec.selector)) errs.push(invalid('spec.selector', goLabelSelector(spec.selector), ''));
  else if (!spec.template) errs.push(required('spec.template'));
  else {
    errs.push(...selectorMatchErrors(spec.selector, spec.template));
    const claims = ((spec.volumeClaimTemplates ?? []) as Json[]).map((c) => c?.metadata?.name).filter((n): n is string => !!n);
    errs.push(...validateTemplate(spec.template, claims));
  }
  errs.push(...restartPolicyErrors(spec.template));
  if (spec.template?.spec?.activeDeadlineSeconds !== undefined && spec.template?.spec?.activeDeadlineSeconds !== null) {
    errs.push(forbidden('spec.template.spec.activeDeadlineSeconds', 'activeDeadlineSeconds in StatefulSet is not Supported'));
  }
  return errs;
}

function validateDaemonSetSpec(spec: Json): FieldError[] {
  const errs = spec.selector ? validateLabelSelector(spec.selector, 'spec.selector') : [];
  if (isConvertibleSelector(spec.selector)) {
    const sel = spec.selector as LabelSelector | undefined;
    const labels = spec.template?.metadata?.labels;
    if (!(sel && (isEmptySelector(sel) || labelSelectorMatches(sel, labels)))) {
      errs.push(invalid('spec.template.metadata.labels', goLabelMap(labels), '`selector` does not match template `labels`'));
    }
  }
  if (spec.selector && isEmptySelector(spec.selector)) errs.push(invalid('spec.selector', goLabelSelector(spec.selector), 'empty selector is invalid for daemonset'));
  errs.push(...validateTemplate(spec.template ?? {}));
  errs.push(...restartPolicyErrors(spec.template));
  if (spec.template?.spec?.activeDeadlineSeconds !== undefined && spec.template?.spec?.activeDeadlineSeconds !== null) {
    errs.push(invalid('spec.template.spec.activeDeadlineSeconds', spec.template.spec.activeDeadlineSeconds, 'activeDeadlineSeconds in DaemonSet is not Supported'));
  }
  errs.push(...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  const us = spec.updateStrategy ?? {};
  if (us.type === 'RollingUpdate' && us.rollingUpdate) {
    errs.push(...validateIntOrPercent(us.rollingUpdate.maxUnavailable, 'spec.updateStrategy.rollingUpdate.maxUnavailable'));
    errs.push(...validateIntOrPercent(us.rollingUpdate.maxSurge, 'spec.updateStrategy.rollingUpdate.maxSurge'));
    if (isZero(us.rollingUpdate.maxSurge) && isZero(us.rollingUpdate.maxUnavailable)) {
      errs.push(invalid('spec.updateStrategy.rollingUpdate.maxUnavailable', goIntOrString(us.rollingUpdate.maxUnavailable), 'may not be 0 when `maxSurge` is 0'));
    }
  } else if (us.type !== 'OnDelete' && us.type !== 'RollingUpdate') {
    errs.push(unsupportedInOrder('spec.updateStrategy.type', String(us.type ?? ''), ['OnDelete', 'RollingUpdate']));
  }
  errs.push(...nonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  return errs;
}

const SPEC_VALIDATORS: Record<WorkloadKind, (spec: Json) => FieldError[]> = {
  Deployment: validateDeploymentSpec,
  ReplicaSet: validateReplicaSetSpec,
  StatefulSet: validateStatefulSetSpec,
  DaemonSet: validateDaemonSetSpec,
};

const NAME_RULES: Record<WorkloadKind, NameValidator> = {
  Deployment: nameIsDNSSubdomain,
  ReplicaSet: nameIsDNSSubdomain,
  StatefulSet: nameIsDNSLabel,
  DaemonSet: nameIsDNSSubdomain,
};

function selectorImmutable(spec: Json, old: Json): FieldError[] {
  return JSON.stringify(spec.selector ?? null) === JSON.stringify(old.selector ?? null)
    ? []
    : [invalid('spec.selector', goLabelSelector(spec.selector), 'field is immutable')];
}

function statefulSetUpdateErrors(spec: Json, old: Json): FieldError[] {
  const mutable = ['replicas', 'template', 'updateStrategy', 'minReadySeconds', 'ordinals', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy'];
  const strip = (s: Json) => JSON.stringify(Object.fromEntries(Object.entries(s).filter(([k]) => !mutable.includes(k)).sort(([a], [b]) => (a < b ? -1 : 1))));
  if (strip(spec) === strip(old)) return [];
  return [
    forbidden(
      'spec',
      "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    ),
  ];
}

export function workloadStrategy(kind: WorkloadKind): Strategy {
  return {
    prepareForCreate(obj) {
      setWorkloadDefaults(kind, specOf(obj));
      obj.status = {};
    },
    validateCreate(obj) {
      const errs = validateObjectMeta(obj.metadata, true, NAME_RULES[kind]);
      errs.push(...SPEC_VALIDATORS[kind](specOf(obj)));
      return errs;
    },
    prepareForUpdate(obj, old) {
      setWorkloadDefaults(kind, specOf(obj));
      obj.status = structuredClone(old.status ?? {});
    },
    validateUpdate(obj, old) {
      const spec = specOf(obj);
      const oldSpec = (old.spec ?? {}) as Json;
      const errs = validateObjectMetaUpdate(obj.metadata, old.metadata);
      errs.push(...SPEC_VALIDATORS[kind](spec));
      if (kind === 'StatefulSet') errs.push(...statefulSetUpdateErrors(spec, oldSpec));
      else errs.push(...selectorImmutable(spec, oldSpec));
      return errs;
    },
  };
}
