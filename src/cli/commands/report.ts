/**
 * Printing the errors a multi-object command collected, as kubectl's checkErr prints an
 * aggregate: one error in its single form; several, one line each in the standard form.
 */
import { ApiError } from '../../apiserver/status.js';
import type { KubesimError } from '../../errors.js';
import type { Runtime } from '../runtime.js';
import { printErrorExtras } from '../errors.js';

export function reportErrors(rt: Runtime, errors: KubesimError[]): number {
  if (errors.length === 0) return 0;
  const extra = (e: KubesimError) => printErrorExtras(rt, e);
  if (errors.length === 1) {
    rt.stderr.write(errors[0].render() + '\n');
    extra(errors[0]);
    return 1;
  }
  for (const e of errors) {
    rt.stderr.write((e instanceof ApiError ? e.standard() : e.message) + '\n');
    extra(e);
  }
  return 1;
}
