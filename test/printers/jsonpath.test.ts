import { describe, expect, it } from 'vitest';
import { KubesimError } from '../../src/errors.js';
import { executeJsonPath, executeJsonPathAsJson, goFloatV, goJson, goQuote, goSharpV, goSprint, parseJsonPath } from '../../src/printers/jsonpath.js';

const svcList = {
  apiVersion: 'v1',
  kind: 'List',
  items: [
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'frontend-svc', namespace: 'default' },
      spec: { type: 'ClusterIP', clusterIP: '10.96.120.15', ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 5000 }], selector: { app: 'frontend' } },
      status: { loadBalancer: {} },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
      spec: { type: 'ClusterIP', clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }] },
      status: { loadBalancer: {} },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'lb-svc', namespace: 'default' },
      spec: { type: 'LoadBalancer', clusterIP: '10.96.44.8', ports: [{ port: 80, protocol: 'TCP', targetPort: 5000, nodePort: 31380 }], selector: { app: 'frontend' } },
      status: { loadBalancer: {} },
    },
  ],
  metadata: { resourceVersion: '' },
};
const [frontend, , lb] = svcList.items;

const podList = {
  apiVersion: 'v1',
  kind: 'List',
  items: ['abcde', 'fghij', 'klmno'].map((s, i) => ({ metadata: { name: `frontend-7d4b9c8f5-${s}` }, status: { podIP: `10.244.0.${5 + i}` } })),
};

const nodeList = {
  kind: 'List',
  items: [
    { metadata: { name: 'n1' }, status: { addresses: [{ type: 'InternalIP', address: '172.18.0.2' }, { type: 'Hostname', address: 'n1' }] } },
    { metadata: { name: 'n2' }, status: { addresses: [{ type: 'InternalIP', address: '172.18.0.3' }, { type: 'Hostname', address: 'n2' }] } },
  ],
};

const run = (t: string, data: unknown, allowMissingKeys = true) => executeJsonPath(parseJsonPath(t), data, { allowMissingKeys });
const runJson = (t: string, data: unknown, allowMissingKeys = true) => executeJsonPathAsJson(parseJsonPath(t), data, { allowMissingKeys });

function errorOf(f: () => unknown): KubesimError {
  try {
    f();
  } catch (e) {
    if (e instanceof KubesimError) return e;
    throw e;
  }
  throw new Error('no error');
}

describe('jsonpath: kubectl-more.md §9.1 examples', () => {
  it('reads kind and fields', () => {
    expect(run('{.kind}', svcList)).toBe('List');
    expect(run('{.kind}', frontend)).toBe('Service');
  });

  it('keeps text outside braces literal', () => {
    expect(run('.spec.clusterIP', frontend)).toBe('.spec.clusterIP');
    expect(run('ip={.spec.clusterIP}!', frontend)).toBe('ip=10.96.120.15!');
  });

  it('joins wildcard results with one space', () => {
    expect(run('{.items[*].metadata.name}', svcList)).toBe('frontend-svc kubernetes lb-svc');
    expect(run('{.items[*].spec.ports[0].port}', svcList)).toBe('80 443 80');
  });

  it('ranges with string literals', () => {
    expect(run('{range .items[*]}{.metadata.name}{"\\t"}{.status.podIP}{"\\n"}{end}', podList)).toBe(
      'frontend-7d4b9c8f5-abcde\t10.244.0.5\nfrontend-7d4b9c8f5-fghij\t10.244.0.6\nfrontend-7d4b9c8f5-klmno\t10.244.0.7\n',
    );
    expect(run('{range .items[*]}{.metadata.name}{"\\n"}{end}', svcList)).toBe('frontend-svc\nkubernetes\nlb-svc\n');
    expect(run('{range .spec.ports[*]}{.name}={.port}->{.targetPort}{"\\n"}{end}', frontend)).toBe('http=80->5000\n');
  });

  it('prints maps and slices as compact JSON with sorted keys', () => {
    expect(run('{.spec.selector}', frontend)).toBe('{"app":"frontend"}');
    expect(run('{.metadata.labels}', svcList.items[1])).toBe('{"component":"apiserver","provider":"kubernetes"}');
    expect(run('{.spec.ports}', frontend)).toBe('[{"name":"http","port":80,"protocol":"TCP","targetPort":5000}]');
  });

  it('filters', () => {
    expect(run('{.items[?(@.spec.type=="LoadBalancer")].metadata.name}', svcList)).toBe('lb-svc');
    expect(run('{.items[?(@.spec.type!="LoadBalancer")].metadata.name}', svcList)).toBe('frontend-svc kubernetes');
    expect(run('{.items[?(@.spec.type=="NodePort")].metadata.name}', svcList)).toBe('');
    expect(run('{.items[?(@.spec.ports[0].port>80)].metadata.name}', svcList)).toBe('kubernetes');
    expect(run('{.items[?(@.spec.ports[0].port<443)].metadata.name}', svcList)).toBe('frontend-svc lb-svc');
    expect(run('{.items[?(@.spec.ports[0].port>=443)].metadata.name}', svcList)).toBe('kubernetes');
    expect(run('{.items[?(@.spec.ports[0].port<=80)].metadata.name}', svcList)).toBe('frontend-svc lb-svc');
    expect(run('{.items[*].spec.ports[?(@.nodePort)].nodePort}', svcList)).toBe('31380');
    expect(run("{.items[?(@.metadata.name=='kubernetes')].spec.clusterIP}", svcList)).toBe('10.96.0.1');
  });

  it('nests filters under wildcards', () => {
    expect(run('{.items[*].status.addresses[?(@.type=="InternalIP")].address}', nodeList)).toBe('172.18.0.2 172.18.0.3');
  });

  it('prints nothing for missing keys by default', () => {
    expect(run('{.spec.ports[0].nodePort}', frontend)).toBe('');
    expect(run('{.status.loadBalancer.ingress[0].ip}', lb)).toBe('');
    expect(run('{.spec.ports[0].nodePort}', lb)).toBe('31380');
  });

  it('errors on a missing key with allowMissingKeys=false, with the debug block', () => {
    const svc = { apiVersion: 'v1', kind: 'Service', spec: { clusterIP: '10.96.0.1' } };
    const e = errorOf(() => run('{.spec.nodePort}', svc, false));
    expect(e.render()).toBe(
      'error: error executing jsonpath "{.spec.nodePort}": Error executing template: nodePort is not found. Printing more information for debugging the template:\n' +
        '\ttemplate was:\n' +
        '\t\t{.spec.nodePort}\n' +
        '\tobject given to jsonpath engine was:\n' +
        '\t\tmap[string]interface {}{"apiVersion":"v1", "kind":"Service", "spec":map[string]interface {}{"clusterIP":"10.96.0.1"}}\n\n',
    );
    expect(e.exitCode).toBe(1);
  });

  it('always errors on an index out of range', () => {
    const e = errorOf(() => run('{.spec.ports[5].port}', frontend));
    expect(e.message).toMatch(/^error executing jsonpath "\{\.spec\.ports\[5\]\.port\}": Error executing template: array index out of bounds: index 5, length 1\. Printing more information for debugging the template:\n\ttemplate was:\n\t\t\{\.spec\.ports\[5\]\.port\}\n\tobject given to jsonpath engine was:\n\t\tmap\[string\]interface \{\}\{"apiVersion":"v1", "kind":"Service", "metadata":map\[string\]interface \{\}\{"name":"frontend-svc", "namespace":"default"\}, "spec":/);
    expect(e.message.endsWith('}\n\n')).toBe(true);
  });

  it('quotes the template in the error as Go %q does', () => {
    const e = errorOf(() => run('{.items[?(@.x=="a")].y[3]}', { items: [{ x: 'a', y: [] }] }));
    expect(e.message).toMatch(/^error executing jsonpath "\{\.items\[\?\(@\.x==\\"a\\"\)\]\.y\[3\]\}": Error executing template: array index out of bounds: index 3, length 0\./);
  });

  it('reports syntax errors', () => {
    expect(errorOf(() => parseJsonPath('{.spec.clusterIP')).render()).toBe('error: error parsing jsonpath {.spec.clusterIP, unclosed action');
    expect(errorOf(() => parseJsonPath('{range .items[*]}{.metadata.name}{end')).message).toBe('error parsing jsonpath {range .items[*]}{.metadata.name}{end, unclosed action');
    expect(errorOf(() => parseJsonPath('{.a[}')).message).toBe('error parsing jsonpath {.a[}, unterminated array');
    expect(errorOf(() => parseJsonPath('{.a[x]}')).message).toBe('error parsing jsonpath {.a[x]}, invalid array index x');
    expect(errorOf(() => parseJsonPath('{#}')).message).toBe("error parsing jsonpath {#}, unrecognized character in action: U+0023 '#'");
    expect(errorOf(() => parseJsonPath('{"abc}')).message).toBe('error parsing jsonpath {"abc}, unterminated quoted string');
    expect(errorOf(() => parseJsonPath('{....a}')).message).toBe('error parsing jsonpath {....a}, invalid multiple recursive descent');
    expect(errorOf(() => parseJsonPath('{.a[?(@.b=="c"}')).message).toBe('error parsing jsonpath {.a[?(@.b=="c"}, unterminated filter');
  });
});

describe('jsonpath-as-json (§9.2)', () => {
  it('prints a JSON array indented by 4', () => {
    expect(runJson('{.items[*].metadata.name}', svcList)).toBe('[\n    "frontend-svc",\n    "kubernetes",\n    "lb-svc"\n]\n');
    expect(runJson('{.spec.ports[*].port}', frontend)).toBe('[\n    80\n]\n');
  });
  it('indents nested maps and prints empty results as []', () => {
    expect(runJson('{.spec.selector}', frontend)).toBe('[\n    {\n        "app": "frontend"\n    }\n]\n');
    expect(runJson('{.spec.nothing}', frontend)).toBe('[]\n');
  });
});

describe('jsonpath: the rest of the language', () => {
  const data = {
    kind: 'List',
    items: [
      { name: 'a', n: 1, tags: ['x', 'y'], ok: true, f: 1.5, nil: null, m: { 'k.1': 'v', b: 2 } },
      { name: 'b', n: 2, tags: [], ok: false, f: 2 },
      { name: 'c', n: 3, tags: ['z'] },
    ],
  };

  it('indexes from the end and slices', () => {
    expect(run('{.items[-1].name}', data)).toBe('c');
    expect(run('{.items[0:2].name}', data)).toBe('a b');
    expect(run('{.items[1:].name}', data)).toBe('b c');
    expect(run('{.items[:1].name}', data)).toBe('a');
    expect(run('{.items[::2].name}', data)).toBe('a c');
    expect(run('{.items[-2:].name}', data)).toBe('b c');
    expect(run('{.items[0:0].name}', data)).toBe('');
  });

  it('evaluates unions of indexes and quoted keys', () => {
    expect(run('{.items[0,2].name}', data)).toBe('a c');
    expect(run("{.items[0]['name','n']}", data)).toBe('a 1');
    expect(run("{['kind']}", data)).toBe('List');
  });

  it('descends recursively', () => {
    expect(run('{..name}', data)).toBe('a b c');
    expect(run('{.items[0]..b}', data)).toBe('2');
  });

  it('expands map wildcards in key order', () => {
    expect(run('{.items[0].m.*}', data)).toBe('2 v');
  });

  it('escapes dots in field names', () => {
    expect(run('{.items[0].m.k\\.1}', data)).toBe('v');
  });

  it('prints the current object with {@} and {$}', () => {
    expect(run('{@}', { b: 1, a: '<x>' })).toBe('{"a":"\\u003cx\\u003e","b":1}');
    expect(run('{$.items[2].name}', data)).toBe('c');
  });

  it('prints scalars as Go does', () => {
    expect(run('{.items[0].ok} {.items[1].ok}', data)).toBe('true false');
    expect(run('{.items[0].f} {.items[1].f}', data)).toBe('1.5 2');
    expect(run('{.items[0].nil}', data)).toBe('<nil>');
    expect(run('{.items[*].n}', data)).toBe('1 2 3');
  });

  it('compares ints, floats, strings and bools as Go templates do', () => {
    expect(run('{.items[?(@.n>1)].name}', data)).toBe('b c');
    expect(run('{.items[?(@.ok==true)].name}', data)).toBe('a');
    expect(run('{.xs[?(@>1.2)]}', { xs: [1.5, 0.5, 2.25] })).toBe('1.5 2.25');
    // JSON 2 is an int64, 1.7 a float64: Go refuses to compare them.
    expect(errorOf(() => run('{.items[?(@.f>1.7)].name}', data)).message).toMatch(/Error executing template: incompatible types for comparison\./);
    expect(run('{.items[?(@.name>"a")].name}', data)).toBe('b c');
    expect(errorOf(() => run('{.items[?(@.n=="1")].name}', data)).message).toMatch(/Error executing template: incompatible types for comparison\./);
    expect(errorOf(() => run('{.items[?(@.tags=="x")].name}', data)).message).toMatch(/Error executing template: invalid type for comparison\./);
  });

  it('filters on existence, skipping items without the key', () => {
    expect(run('{.items[?(@.ok)].name}', data)).toBe('a b');
    expect(run('{.items[?(@.f)].name}', data, false)).toBe('a b');
  });

  it('nests ranges', () => {
    expect(run('{range .items[*]}{.name}:{range .tags[*]}[{@}]{end};{end}', data)).toBe('a:[x][y];b:;c:[z];');
  });

  it('continues after a range', () => {
    expect(run('{range .items[*]}{.name},{end}!{.kind}', data)).toBe('a,b,c,!List');
  });

  it('handles a range over nothing', () => {
    expect(run('{range .nothing[*]}{.name}{end}done', data)).toBe('done');
  });

  it('rejects {end} outside a range and unknown identifiers', () => {
    expect(errorOf(() => run('{end}', data)).message).toMatch(/Error executing template: not in range, nothing to end\./);
    expect(errorOf(() => run('{foo}', data)).message).toMatch(/Error executing template: unrecognized identifier foo\./);
  });

  it('rejects indexing a non-array and filtering a map', () => {
    expect(errorOf(() => run('{.kind[0]}', data)).message).toMatch(/Error executing template: string is not array or slice\./);
    expect(errorOf(() => run('{.items[0].n[0]}', data)).message).toMatch(/Error executing template: int64 is not array or slice\./);
    expect(errorOf(() => run('{.items[0].m[?(@.b)]}', data)).message).toMatch(/Error executing template: map\[b:2 k\.1:v\] is not array or slice and cannot be filtered\./);
  });

  it('supports string escapes in literals', () => {
    expect(run('{"a\\tb\\\\c\\u00e9\\x41"}', {})).toBe('a\tb\\céA');
    // Two literals in one action: the last one is the action's value.
    expect(run("{'it''s'}", {})).toBe('s');
  });

  it('supports integer and bool literals', () => {
    expect(run('{5}', {})).toBe('5');
    expect(run('{true}', {})).toBe('true');
  });

  it('joins values of one action but not across actions', () => {
    expect(run('{.items[*].name}{.items[*].n}', data)).toBe('a b c1 2 3');
  });

  it('emits one JSON array per top-level part', () => {
    expect(runJson('{.kind}{"x"}', data)).toBe('[\n    "List"\n]\n[\n    "x"\n]\n');
  });

  it('reports missing keys inside a range body when not allowed', () => {
    expect(errorOf(() => run('{range .items[*]}{.f}{end}', data, false)).message).toMatch(/Error executing template: f is not found\./);
  });
});

describe('Go formatting helpers', () => {
  it('formats floats like %v', () => {
    expect(goFloatV(1.5)).toBe('1.5');
    expect(goFloatV(123456)).toBe('123456');
    expect(goFloatV(1e6)).toBe('1e+06');
    expect(goFloatV(1.25e-5)).toBe('1.25e-05');
    expect(goFloatV(0.0001)).toBe('0.0001');
    expect(goFloatV(1e21)).toBe('1e+21');
  });
  it('formats values like fmt.Sprint', () => {
    expect(goSprint({ b: [1, 'x'], a: { c: null } })).toBe('map[a:map[c:<nil>] b:[1 x]]');
  });
  it('quotes like strconv.Quote', () => {
    expect(goQuote('a"b\\c\n\x01é')).toBe('"a\\"b\\\\c\\n\\x01é"');
  });
  it('dumps like %#v', () => {
    expect(goSharpV({ a: [1, 'x', true, null], b: 1.5 })).toBe('map[string]interface {}{"a":[]interface {}{1, "x", true, interface {}(nil)}, "b":1.5}');
  });
  it('marshals JSON like encoding/json', () => {
    expect(goJson({ b: '&', a: [], c: {}, '10': 1, '9': 2 })).toBe('{"10":1,"9":2,"a":[],"b":"\\u0026","c":{}}');
  });
});
