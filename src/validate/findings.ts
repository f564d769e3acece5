/**
 * What `kubesim validate` reports: findings (one problem at one place in one file), the rules
 * they come from, the objects that were checked, and the totals. Plain data shared by the
 * checks, the cross-object pass and the reporters.
 */

export type Severity = 'error' | 'warning';

export type RuleId =
  | 'read-error'
  | 'yaml-syntax'
  | 'object-kind'
  | 'decode'
  | 'unknown-kind'
  | 'unknown-field'
  | 'type-error'
  | 'invalid-field'
  | 'selector-template-mismatch'
  | 'allocation'
  | 'duplicate-object'
  | 'missing-namespace'
  | 'selector-no-match'
  | 'target-port-missing'
  | 'target-port-undeclared'
  | 'cluster-ip-conflict'
  | 'node-port-conflict'
  | 'selector-overlap';

export interface Rule {
  id: RuleId;
  /** PascalCase name (SARIF reportingDescriptor.name). */
  name: string;
  severity: Severity;
  short: string;
  help: string;
}

/** Every rule, in a fixed order (SARIF rule indexes follow it). */
export const RULES: readonly Rule[] = [
  {
    id: 'read-error',
    name: 'ReadError',
    severity: 'error',
    short: 'The file cannot be read.',
    help: 'kubectl fails on a file it cannot open; check the path and its permissions.',
  },
  {
    id: 'yaml-syntax',
    name: 'YamlSyntax',
    severity: 'error',
    short: 'The file is not valid YAML or JSON.',
    help: 'kubectl stops reading a file at its first syntax error (earlier documents are still used). The message is kubectl\'s, with go-yaml\'s line number; the finding points at the offending character. Check indentation (spaces only, no tabs) and quoting.',
  },
  {
    id: 'object-kind',
    name: 'ObjectKind',
    severity: 'error',
    short: 'A document lacks apiVersion or kind.',
    help: 'Every document needs `apiVersion` and `kind`, e.g. `apiVersion: v1` and `kind: Service`. kubectl rejects the rest of the file.',
  },
  {
    id: 'decode',
    name: 'MetadataDecode',
    severity: 'error',
    short: 'metadata has a value of the wrong type.',
    help: 'kubectl decodes `metadata` before sending the object: names, namespaces, labels and annotations must be strings (quote values such as `"true"` or `"1"`).',
  },
  {
    id: 'unknown-kind',
    name: 'UnknownKind',
    severity: 'error',
    short: 'The kind is not served in that apiVersion.',
    help: 'kubectl finds no resource for this apiVersion/kind pair. Check the spelling of `kind` and the group/version (Deployments are `apps/v1`, Services `v1`).',
  },
  {
    id: 'unknown-field',
    name: 'UnknownField',
    severity: 'error',
    short: 'A field is not part of the kind\'s schema.',
    help: 'The apiserver rejects unknown fields under strict field validation (kubectl\'s default). An unknown field is most often a typo or a mis-indented key that belongs one level up or down.',
  },
  {
    id: 'type-error',
    name: 'TypeError',
    severity: 'error',
    short: 'A field has a value of the wrong type.',
    help: 'The apiserver cannot decode the object: a number where a string is expected, a list where a map is expected, and so on. Quote strings that YAML would read as numbers or booleans.',
  },
  {
    id: 'invalid-field',
    name: 'InvalidField',
    severity: 'error',
    short: 'The apiserver would reject a field value.',
    help: 'The apiserver\'s validation (the same rules `kubectl apply` meets) rejects this value; the message is the apiserver\'s `The <Kind> "<name>" is invalid: ...` text.',
  },
  {
    id: 'selector-template-mismatch',
    name: 'SelectorTemplateMismatch',
    severity: 'error',
    short: 'A workload\'s selector does not select its own pod template.',
    help: 'Every label in spec.selector.matchLabels (and every matchExpression) must hold for spec.template.metadata.labels, or the controller could never own the pods it creates.',
  },
  {
    id: 'allocation',
    name: 'Allocation',
    severity: 'error',
    short: 'A requested clusterIP or nodePort cannot be allocated.',
    help: 'The requested address or port is outside the cluster\'s range (service CIDR 10.96.0.0/12, NodePort range 30000-32767) or already taken by a system Service. Omit it to let the cluster choose one.',
  },
  {
    id: 'duplicate-object',
    name: 'DuplicateObject',
    severity: 'error',
    short: 'The same object is defined more than once.',
    help: 'Two documents declare the same kind, namespace and name: `kubectl create` fails on the second, and `kubectl apply` silently lets the later one win.',
  },
  {
    id: 'missing-namespace',
    name: 'MissingNamespace',
    severity: 'warning',
    short: 'An object is placed in a namespace the set does not create.',
    help: 'Applying to a cluster that lacks the namespace fails with `namespaces "<ns>" not found`. Add a Namespace object to the set, or make sure the namespace exists before applying.',
  },
  {
    id: 'selector-no-match',
    name: 'SelectorNoMatch',
    severity: 'warning',
    short: 'A Service selects no pods of any workload in the set.',
    help: 'A Service routes to pods whose labels include all of its selector\'s labels, in its own namespace. With no such pods the Service gets no endpoints and connections fail. Labels are case-sensitive; `kubectl create service` sets the selector `app=<service-name>`.',
  },
  {
    id: 'target-port-missing',
    name: 'TargetPortMissing',
    severity: 'error',
    short: 'A named targetPort is not declared by the selected containers.',
    help: 'A Service port with a named targetPort reaches only pods whose containers declare a port of that name (and protocol); other pods are left out of the endpoints for that port.',
  },
  {
    id: 'target-port-undeclared',
    name: 'TargetPortUndeclared',
    severity: 'warning',
    short: 'A numeric targetPort is not among the selected containers\' declared ports.',
    help: 'Traffic is sent to the targetPort whether or not a container declares it, but nothing may listen there: the selected containers declare other ports. Check that targetPort is the port the application listens on.',
  },
  {
    id: 'cluster-ip-conflict',
    name: 'ClusterIPConflict',
    severity: 'error',
    short: 'Two Services in the set request the same clusterIP.',
    help: 'A clusterIP belongs to one Service; the apiserver rejects the second with `provided IP is already allocated`.',
  },
  {
    id: 'node-port-conflict',
    name: 'NodePortConflict',
    severity: 'error',
    short: 'Two Services in the set request the same nodePort.',
    help: 'A nodePort is open on every node for one Service; the apiserver rejects the second with `provided port is already allocated`.',
  },
  {
    id: 'selector-overlap',
    name: 'SelectorOverlap',
    severity: 'warning',
    short: 'A workload\'s selector also selects another workload\'s pods.',
    help: 'Controllers whose selectors overlap fight over the same pods (a Deployment may scale down pods that another one created). Give each workload a distinguishing label in both its selector and its template.',
  },
];

export const RULE_BY_ID: ReadonlyMap<RuleId, Rule> = new Map(RULES.map((r) => [r.id, r]));

export interface ObjectIdentity {
  kind: string;
  /** undefined for cluster-scoped kinds */
  namespace?: string;
  name: string;
}

export interface Finding {
  severity: Severity;
  rule: RuleId;
  /** kubectl's or the apiserver's text where there is one; kubesim's own wording otherwise */
  message: string;
  file: string;
  line: number;
  col: number;
  object?: ObjectIdentity;
  hint?: string;
}

/** One checked object (one document, or one item of a List). */
export interface CheckedObject extends ObjectIdentity {
  file: string;
  /** index of the object among the file's objects */
  index: number;
  errors: number;
  warnings: number;
}

export interface ValidateResult {
  /** files in the order read (a directory's files in lexical order) */
  files: string[];
  objects: CheckedObject[];
  /** sorted: by file (in `files` order), then line, then column */
  findings: Finding[];
}

export interface Totals {
  resources: number;
  files: number;
  errors: number;
  warnings: number;
}

export function totals(r: ValidateResult): Totals {
  let errors = 0;
  let warnings = 0;
  for (const f of r.findings) {
    if (f.severity === 'error') errors++;
    else warnings++;
  }
  return { resources: r.objects.length, files: r.files.length, errors, warnings };
}

/** `Service default/web`, `Namespace team-a` */
export function objectLabel(o: ObjectIdentity): string {
  return o.namespace === undefined ? `${o.kind} ${o.name}` : `${o.kind} ${o.namespace}/${o.name}`;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `N resources in M files: X errors, Y warnings` */
export function summaryLine(t: Totals): string {
  return `${plural(t.resources, 'resource')} in ${plural(t.files, 'file')}: ${plural(t.errors, 'error')}, ${plural(t.warnings, 'warning')}`;
}
