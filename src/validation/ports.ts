/**
 * Port numbers and port names (apimachinery IsValidPortNum, IsValidPortName = IANA_SVC_NAME,
 * and core's ValidatePortNumOrName for targetPort).
 */
import { invalid, type FieldError } from '../apiserver/field-errors.js';
import { maxLenError } from './names.js';

export const PORT_RANGE_ERROR = 'must be between 1 and 65535, inclusive';

export function isValidPortNum(port: number): string[] {
  return Number.isInteger(port) && port >= 1 && port <= 65535 ? [] : [PORT_RANGE_ERROR];
}

/**
 * IANA_SVC_NAME (RFC 6335): at most 15 characters, lowercase alphanumerics and '-', at least one
 * letter, no '--', no leading or trailing '-'. Every failed check is its own message, in this order.
 */
export function isValidPortName(name: string): string[] {
  const errs: string[] = [];
  if (name.length > 15) errs.push(maxLenError(15));
  if (!/^[-a-z0-9]+$/.test(name)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(name)) errs.push('must contain at least one letter (a-z)');
  if (name.includes('--')) errs.push('must not contain consecutive hyphens');
  if (name.length > 0 && (name.startsWith('-') || name.endsWith('-'))) errs.push('must not begin or end with a hyphen');
  return errs;
}

export function validatePortNum(port: number, field: string): FieldError[] {
  return isValidPortNum(port).map((m) => invalid(field, port, m));
}

/** An IntOrString port (targetPort, probe ports): an int in 1–65535 or an IANA_SVC_NAME. */
export function validatePortNumOrName(port: unknown, field: string): FieldError[] {
  if (typeof port === 'number') return isValidPortNum(port).map((m) => invalid(field, port, m));
  const s = typeof port === 'string' ? port : String(port ?? '');
  return isValidPortName(s).map((m) => invalid(field, s, m));
}
