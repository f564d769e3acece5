/**
 * The machine formats validate against their published schemas: SARIF 2.1.0 against OASIS'
 * sarif-schema-2.1.0.json (ajv with draft-04 support and ajv-formats for `uri`/`uri-reference`),
 * JUnit against Jenkins' junit-10.xsd (xmllint compiled to WebAssembly, no native download). Both
 * schemas are vendored under test/fixtures-schemas/. Needs the dev dependencies
 * `ajv`, `ajv-draft-04`, `ajv-formats` and `xmllint-wasm`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandbox, type Sandbox } from '../helpers/cli.js';

const SCHEMAS = join(import.meta.dirname, '../fixtures-schemas');
const SETS = [
  ['fixtures/validate/mixed'],
  ['fixtures/validate/valid', '-R'],
  ['fixtures/validate/cross'],
  ['fixtures/errors'],
  ['fixtures/seed'],
];

async function need<T>(name: string): Promise<T> {
  try {
    return (await import(name)) as T;
  } catch {
    throw new Error(`dev dependency ${name} is missing: npm install -D ajv ajv-draft-04 ajv-formats xmllint-wasm`);
  }
}

let box: Sandbox;
beforeAll(() => {
  box = sandbox();
});
afterAll(() => box.cleanup());

function args(set: string[]): string[] {
  return ['validate', ...set.flatMap((s) => (s === '-R' ? ['-R'] : ['-f', s]))];
}

describe('SARIF output', () => {
  it('validates against sarif-schema-2.1.0.json, and the validator rejects a broken log', async () => {
    const { default: Ajv } = await need<{ default: new (o: object) => { compile(s: object): ((d: unknown) => boolean) & { errors?: unknown } } }>('ajv-draft-04');
    const { default: addFormats } = await need<{ default: (a: unknown) => void }>('ajv-formats');
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(join(SCHEMAS, 'sarif-schema-2.1.0.json'), 'utf8')));
    for (const set of SETS) {
      const r = await box.run([...args(set), '-o', 'sarif']);
      const log = JSON.parse(r.stdout);
      expect(validate(log), `${set.join(' ')}: ${JSON.stringify(validate.errors)}`).toBe(true);
      expect(log.runs[0].tool.driver.name).toBe('kubesim');
    }
    const r = await box.run([...args(SETS[0]), '-o', 'sarif']);
    const broken = JSON.parse(r.stdout);
    broken.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0;
    expect(validate(broken)).toBe(false);
  });
});

describe('JUnit output', () => {
  it('validates against junit-10.xsd, and the validator rejects a broken report', async () => {
    const { validateXML } = await need<{ validateXML(o: object): Promise<{ valid: boolean; errors: unknown[] }> }>('xmllint-wasm');
    const xsd = { fileName: 'junit-10.xsd', contents: readFileSync(join(SCHEMAS, 'junit-10.xsd'), 'utf8') };
    for (const set of SETS) {
      const r = await box.run([...args(set), '-o', 'junit']);
      const res = await validateXML({ xml: [{ fileName: 'report.xml', contents: r.stdout }], schema: [xsd] });
      expect(res.valid, `${set.join(' ')}: ${JSON.stringify(res.errors)}`).toBe(true);
    }
    const res = await validateXML({ xml: [{ fileName: 'bad.xml', contents: '<testsuites><testsuite name="x"><testcase/></testsuite></testsuites>' }], schema: [xsd] });
    expect(res.valid).toBe(false);
  });
});
