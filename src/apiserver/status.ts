/**
 * API errors (a metav1.Status) and how kubectl prints them (kubectl pkg/cmd/util/helpers.go checkErr).
 */
import { KubesimError, type SourcePosition } from '../errors.js';
import { fieldErrorString, goQuote, type FieldError } from './field-errors.js';

export type StatusReason =
  | 'NotFound'
  | 'AlreadyExists'
  | 'Invalid'
  | 'BadRequest'
  | 'Conflict'
  | 'Forbidden'
  | 'InternalError'
  | 'MethodNotAllowed';

export class ApiError extends KubesimError {
  readonly reason: StatusReason;
  /** The Status message as the server sends it. */
  statusMessage: string;
  readonly kind?: string;
  readonly objectName?: string;
  readonly causes: FieldError[];

  constructor(reason: StatusReason, statusMessage: string, opts: { kind?: string; name?: string; causes?: FieldError[]; hint?: string; position?: SourcePosition } = {}) {
    super(statusMessage, { prefixed: false, hint: opts.hint, position: opts.position });
    this.reason = reason;
    this.statusMessage = statusMessage;
    this.kind = opts.kind;
    this.objectName = opts.name;
    this.causes = opts.causes ?? [];
  }

  /** cmdutil.AddSourceToErr: `error when creating "file": <msg>` (only for non-stdin sources). */
  withSource(verb: string, source: string | undefined): this {
    if (source && source !== '-' && source !== 'STDIN') {
      this.statusMessage = `error when ${verb} ${goQuote(source)}: ${this.statusMessage}`;
    }
    return this;
  }

  /** The standard form: `Error from server (Reason): message`. */
  standard(): string {
    return `Error from server (${this.reason}): ${this.statusMessage}`;
  }

  /** kubectl's single-error rendering. */
  override render(): string {
    if (this.reason === 'Invalid' && this.causes.length > 0) {
      const head = this.kind || this.objectName ? `The ${this.kind} ${goQuote(this.objectName ?? '')} is invalid: ` : 'The request is invalid: ';
      if (this.causes.length === 1) return head + fieldErrorString(this.causes[0]);
      return head + '\n' + this.causes.map((c) => `* ${fieldErrorString(c)}`).join('\n');
    }
    return this.standard();
  }
}

/** `services "x" not found` (plural resource, group-qualified). */
export function notFoundError(resource: string, name: string): ApiError {
  return new ApiError('NotFound', `${resource} ${goQuote(name)} not found`);
}

export function alreadyExistsError(resource: string, name: string): ApiError {
  return new ApiError('AlreadyExists', `${resource} ${goQuote(name)} already exists`);
}

/** 422 Invalid: message `<Kind> "<name>" is invalid: e1` or `[e1, e2]` (deduplicated). */
export function invalidError(kind: string, name: string, causes: FieldError[], hint?: string): ApiError {
  const seen = new Set<string>();
  const uniq: FieldError[] = [];
  for (const c of causes) {
    const s = fieldErrorString(c);
    if (!seen.has(s)) {
      seen.add(s);
      uniq.push(c);
    }
  }
  const parts = uniq.map(fieldErrorString);
  const body = parts.length === 1 ? parts[0] : `[${parts.join(', ')}]`;
  return new ApiError('Invalid', `${kind} ${goQuote(name)} is invalid: ${body}`, { kind, name, causes: uniq, hint });
}

export function badRequest(message: string): ApiError {
  return new ApiError('BadRequest', message);
}
