/**
 * Resource quantities live in api/quantity.ts: the scheduler fits them too, and controllers do not
 * reach into printers. Re-exported here so the describe pages keep their local import.
 */
export * from '../../api/quantity.js';
