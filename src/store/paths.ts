/**
 * Where state lives: `--state PATH`, else `KUBESIM_STATE`, else the current context's cluster
 * file under `KUBESIM_HOME` (default ~/.kubesim). Cluster names are checked so that a name can
 * never point outside the home directory.
 */
import { join, resolve } from 'node:path';
import { KubesimError } from '../errors.js';

export const DEFAULT_CLUSTER = 'kubesim';

export interface StateLocation {
  /** Absolute path of the state file. */
  path: string;
  /** The cluster (and context) name; for an explicit --state file, derived from the file name. */
  clusterName: string;
  /** True when the file is the embedded default cluster's and may be created on first use. */
  createIfMissing: boolean;
}

const CLUSTER_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Cluster and context names: DNS-1123 labels, so no `/`, `..` or absolute paths can escape KUBESIM_HOME. */
export function checkClusterName(name: string): void {
  if (name.length > 63 || !CLUSTER_NAME.test(name)) {
    throw new KubesimError(`invalid cluster name ${JSON.stringify(name)}: must be a lowercase RFC 1123 label (letters, digits and '-', at most 63 characters)`);
  }
}

export function clusterStatePath(home: string, name: string): string {
  checkClusterName(name);
  return join(home, 'clusters', `${name}.json`);
}

export function defaultHome(env: Record<string, string | undefined>, homedir: string): string {
  return resolve(env.KUBESIM_HOME || join(homedir, '.kubesim'));
}
