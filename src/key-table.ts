/**
 * A lookup table keyed by user input (a command name, a host, a package): without a prototype, so
 * `__proto__`, `constructor` or `hasOwnProperty` typed by a user are simply absent, not Object's
 * own properties (the fuzz found `ssh -- hasOwnProperty` and `curl __proto__` crashing).
 */
export function keyTable<T>(entries: Record<string, T>): Record<string, T> {
  return Object.assign(Object.create(null) as Record<string, T>, entries);
}
