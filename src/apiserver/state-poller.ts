/** Watching the state file for other kubesim processes' writes (wait, rollout status, get -w). */
import { statSync } from 'node:fs';
import { readCluster, type SessionOptions } from './session.js';
import type { Cluster } from '../store/cluster-state.js';
import type { StateLocation } from '../store/paths.js';

/** How often a waiting command re-reads the state file. */
export const POLL_MS = 150;

/**
 * The cluster as the state file holds it now: re-parsed only when the file was replaced or
 * changed (every write renames a new file over the old one).
 */
export class StatePoller {
  private stamp = '';
  private cluster: Cluster | undefined;

  constructor(
    private readonly loc: StateLocation,
    private readonly opts: SessionOptions,
  ) {}

  async current(): Promise<Cluster> {
    let stamp = '';
    try {
      const st = statSync(this.loc.path, { bigint: true });
      stamp = `${st.ino}:${st.size}:${st.mtimeNs}`;
    } catch {
      stamp = 'missing';
    }
    if (!this.cluster || stamp !== this.stamp) {
      this.cluster = await readCluster(this.loc, this.opts);
      this.stamp = stamp;
    }
    return this.cluster;
  }
}
