/**
 * Golden scripts: a file of steps, each a kubesim command line followed by the exact stdout,
 * stderr and exit code it must produce. Run in one fresh sandbox per file, in order.
 *
 *   ### apply -f fixtures/seed/frontend-svc.yaml
 *   --- stdout
 *   service/frontend-svc created
 *   --- stderr
 *   --- exit 0
 *
 * Output that does not end in a newline (e.g. `-o jsonpath`) is marked `--- stdout (no newline at end)`.
 * A `### @now <RFC 3339>` line moves the frozen clock for the steps after it. A `### @stdin`
 * block's body is fed to the next command. Set UPDATE_GOLDEN=1 to rewrite the expectations from
 * the current behaviour (then review the diff against the spec before committing).
 */
import { readFileSync, writeFileSync } from 'node:fs';

export interface GoldenStep {
  args: string[];
  line: string;
  now?: string;
  stdin?: string;
  stdout: string;
  stderr: string;
  exit: number;
}

/** Split a command line like a POSIX shell would for simple quoting ('…', "…", backslash). */
export function shellSplit(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      cur += line.slice(i + 1, end);
      i = end;
      inWord = true;
    } else if (c === '"') {
      let j = i + 1;
      while (j < line.length && line[j] !== '"') {
        if (line[j] === '\\' && j + 1 < line.length) j++;
        cur += line[j];
        j++;
      }
      i = j;
      inWord = true;
    } else if (c === '\\' && i + 1 < line.length) {
      cur += line[++i];
      inWord = true;
    } else if (c === ' ' || c === '\t') {
      if (inWord) out.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (inWord) out.push(cur);
  return out;
}

export function parseGolden(text: string): GoldenStep[] {
  const steps: GoldenStep[] = [];
  let now: string | undefined;
  let stdin: string | undefined;
  const blocks = text.split(/^### /m).slice(1);
  for (const block of blocks) {
    const nl = block.indexOf('\n');
    const line = block.slice(0, nl < 0 ? undefined : nl).trim();
    const body = nl < 0 ? '' : block.slice(nl + 1);
    if (line.startsWith('@now ')) {
      now = line.slice(5).trim();
      continue;
    }
    if (line === '@stdin') {
      stdin = body.replace(/^--- end\n?$/m, '');
      continue;
    }
    const m = /^--- stdout( \(no newline at end\))?\n([\s\S]*?)^--- stderr( \(no newline at end\))?\n([\s\S]*?)^--- exit (\d+)\s*$/m.exec(body);
    if (!m) throw new Error(`golden step "${line}" lacks --- stdout / --- stderr / --- exit sections`);
    const text = (body: string, noNewline: string | undefined) => (noNewline ? body.slice(0, -1) : body);
    steps.push({ args: shellSplit(line), line, now, stdin, stdout: text(m[2], m[1]), stderr: text(m[4], m[3]), exit: Number(m[5]) });
    stdin = undefined;
  }
  return steps;
}

export function formatGolden(steps: GoldenStep[], header: string): string {
  let out = header;
  let now: string | undefined;
  for (const s of steps) {
    if (s.now !== now) {
      out += `### @now ${s.now}\n`;
      now = s.now;
    }
    if (s.stdin !== undefined) out += `### @stdin\n${s.stdin}--- end\n`;
    const section = (name: string, text: string) => (text === '' || text.endsWith('\n') ? `--- ${name}\n${text}` : `--- ${name} (no newline at end)\n${text}\n`);
    out += `### ${s.line}\n${section('stdout', s.stdout)}${section('stderr', s.stderr)}--- exit ${s.exit}\n`;
  }
  return out;
}

export function goldenHeader(text: string): string {
  const i = text.search(/^### /m);
  return i < 0 ? text : text.slice(0, i);
}

export function readGolden(path: string): { header: string; steps: GoldenStep[] } {
  const text = readFileSync(path, 'utf8');
  return { header: goldenHeader(text), steps: parseGolden(text) };
}

export function writeGolden(path: string, header: string, steps: GoldenStep[]): void {
  writeFileSync(path, formatGolden(steps, header));
}
