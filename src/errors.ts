/**
 * The one error type of kubesim. It carries exactly what kubectl would print (already rendered
 * the way kubectl's checkErr renders it), the exit code, and kubesim's additions: a source
 * position and a hint, printed on their own stderr lines after kubectl's text.
 */
export interface SourcePosition {
  file: string;
  line: number;
  col: number;
}

export class KubesimError extends Error {
  readonly exitCode: number;
  position?: SourcePosition;
  hint?: string;
  /** When false, the message is printed verbatim (no "error: " prefix). */
  readonly prefixed: boolean;

  constructor(message: string, opts: { exitCode?: number; prefixed?: boolean; position?: SourcePosition; hint?: string } = {}) {
    super(message);
    this.name = 'KubesimError';
    this.exitCode = opts.exitCode ?? 1;
    this.prefixed = opts.prefixed ?? true;
    this.position = opts.position;
    this.hint = opts.hint;
  }

  /** The text kubectl prints for this error (one or more lines, no trailing newline). */
  render(): string {
    return this.prefixed ? `error: ${this.message}` : this.message;
  }
}

/** A plain `error: <msg>` failure (kubectl's fallback rendering). */
export function usageError(message: string, hint?: string): KubesimError {
  return new KubesimError(message, { hint });
}

/** An error printed exactly as given, without the `error: ` prefix. */
export function rawError(message: string, exitCode = 1): KubesimError {
  return new KubesimError(message, { prefixed: false, exitCode });
}

/** Several errors printed one per line (kubectl's aggregate rendering). */
export class AggregateError extends KubesimError {
  readonly errors: KubesimError[];
  constructor(errors: KubesimError[]) {
    super(errors.map((e) => e.message).join('\n'));
    this.errors = errors;
  }
  override render(): string {
    if (this.errors.length === 1) return this.errors[0].render();
    // kubectl: an aggregate of >= 2 errors prints each on its own line; non-API errors get no prefix.
    return this.errors.map((e) => e.message).join('\n');
  }
}

/** Exit of a simulated command (exec): no message from kubectl itself beyond its own line. */
export class ExitCodeError extends KubesimError {
  constructor(exitCode: number, message: string) {
    super(message, { exitCode, prefixed: false });
  }
}
