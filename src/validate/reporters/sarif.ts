/**
 * The SARIF 2.1.0 report, loadable by GitHub code scanning (`github/codeql-action/upload-sarif`):
 * one run, tool.driver `kubesim` with every rule (id, name, descriptions, help, default level), one
 * result per finding with its level and a physicalLocation (artifactLocation.uri relative to the
 * working directory, region startLine/startColumn; columns count UTF-16 code units). Valid against
 * the OASIS sarif-schema-2.1.0.json (test/validate/schemas.test.ts).
 */
import path from 'node:path';
import type { ValidateResult } from '../findings.js';
import { RULES, objectLabel } from '../findings.js';

/** kubesim's version (as `kubesim --version` prints it). */
const KUBESIM_VERSION = '0.1.0';
const RULE_INDEX = new Map(RULES.map((r, i) => [r.id, i]));

/** A path as a relative URI reference: `/`-separated, each segment percent-encoded. */
export function artifactUri(file: string, cwd: string): string {
  if (file === 'STDIN') return 'STDIN';
  const rel = path.isAbsolute(file) ? path.relative(cwd, file) : path.normalize(file);
  return rel.split(path.sep).map((seg) => (seg === '..' || seg === '.' ? seg : encodeURIComponent(seg))).join('/');
}

export function renderSarif(r: ValidateResult, opts: { cwd: string }): string {
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'kubesim',
            version: KUBESIM_VERSION,
            rules: RULES.map((rule) => ({
              id: rule.id,
              name: rule.name,
              shortDescription: { text: rule.short },
              fullDescription: { text: `${rule.short} ${rule.help}` },
              help: { text: rule.help },
              defaultConfiguration: { level: rule.severity },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        results: r.findings.map((f) => {
          const result: Record<string, unknown> = {
            ruleId: f.rule,
            ruleIndex: RULE_INDEX.get(f.rule),
            level: f.severity,
            message: { text: f.hint ? `${f.message}\nhint: ${f.hint}` : f.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: artifactUri(f.file, opts.cwd) },
                  region: { startLine: f.line, startColumn: f.col },
                },
              },
            ],
          };
          if (f.object) result.properties = { object: objectLabel(f.object) };
          return result;
        }),
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
