/**
 * The one pod a forward is pinned to, kept current while the forward runs. Each request is served
 * from an in-memory snapshot of the state file that is re-read only when the file changes
 * (inode, size or mtime differ; one stat() per request), so a pod deleted or replaced from
 * another terminal is noticed at the next request or check. What serving changes — the
 * program's access-log lines, the random source's position (client ports are drawn from it), a
 * TCP program's data (redis keys) — is kept aside and written to the state file in batches
 * (every `flushIntervalMs`, under the writer lock), never per request.
 * With `flushIntervalMs: 0` every request is written before it is answered (slow; for comparison).
 */
import { statSync } from 'node:fs';
import type { Pod } from '../controllers/kubelet.js';
import { Cluster, MAX_LOG_LINES, type ClusterState } from '../store/cluster-state.js';
import { readStateFile, writeStateAtomic } from '../store/state-file.js';
import { withStateLock } from '../store/state-lock.js';
import type { StateLocation } from '../store/paths.js';
import type { SessionOptions } from '../apiserver/session.js';
import { Random } from '../random.js';
import { appendLog, isHttpServer, podListens, serveHttpBytes, serveTcpBytes } from '../network/containers/servers/index.js';
import type { Exchange } from './http-bridge.js';

type StateWithContainers = ClusterState & { containers?: Record<string, Record<string, unknown>> };

export interface PinnedPodOptions {
  loc: StateLocation;
  session: SessionOptions;
  /** How often pending log lines and random draws are written; 0 = before each answer. */
  flushIntervalMs: number;
}

interface PendingLine {
  container: string;
  line: string;
}

function stampOf(path: string): string | undefined {
  const st = statSync(path, { throwIfNoEntry: false });
  return st ? `${st.ino}:${st.size}:${st.mtimeMs}` : undefined;
}

/** Only the newest MAX_LOG_LINES lines of a container survive a flush anyway. */
function trimLines(lines: PendingLine[]): PendingLine[] {
  if (lines.length <= MAX_LOG_LINES) return lines;
  const kept: PendingLine[] = [];
  const perContainer = new Map<string, number>();
  for (let i = lines.length - 1; i >= 0; i--) {
    const n = perContainer.get(lines[i].container) ?? 0;
    if (n >= MAX_LOG_LINES) continue;
    perContainer.set(lines[i].container, n + 1);
    kept.push(lines[i]);
  }
  return kept.reverse();
}

export class PinnedPod {
  readonly namespace: string;
  readonly name: string;
  readonly uid: string | undefined;
  /** Set once the pod is gone, replaced, terminating, or the state file vanished. */
  lost = false;

  private stamp: string | undefined;
  private view!: StateWithContainers;
  private cluster!: Cluster;
  private pod!: Pod;
  private pendingLines: PendingLine[] = [];
  private pendingDraws = 0;
  private inflightDraws = 0;
  private containersDirty = false;
  private flushing: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    pod: Pod,
    snapshot: ClusterState,
    private readonly opts: PinnedPodOptions,
  ) {
    this.namespace = pod.metadata.namespace ?? 'default';
    this.name = pod.metadata.name;
    this.uid = pod.metadata.uid;
    // The snapshot was read before this stat: if the file changed in between, the next
    // refresh simply reads it again.
    this.stamp = stampOf(opts.loc.path);
    this.adopt(snapshot);
    if (opts.flushIntervalMs > 0) {
      this.timer = setInterval(() => void this.flush(), opts.flushIntervalMs);
      this.timer.unref();
    }
  }

  /** The pod as last read (undefined once lost). */
  current(): Pod | undefined {
    return this.refresh() ? this.pod : undefined;
  }

  /** Re-read the state if the file changed; false once the pod is lost. */
  refresh(): boolean {
    if (this.lost) return false;
    const stamp = stampOf(this.opts.loc.path);
    if (stamp === this.stamp) return true;
    this.stamp = stamp;
    let state: ClusterState | undefined;
    try {
      state = stamp === undefined ? undefined : readStateFile(this.opts.loc.path);
    } catch {
      // A file being replaced under us parses on the next look; a broken one is not ours to judge.
      this.stamp = undefined;
      return true;
    }
    if (!state) {
      this.lost = true;
      return false;
    }
    this.adopt(state);
    return !this.lost;
  }

  /** Does the pod's program listen on this TCP port? */
  listens(port: number): boolean {
    return this.refresh() && podListens(this.pod, port, 'TCP');
  }

  /** Is the program on this port an HTTP server (framed per request) rather than a TCP one? */
  speaksHttp(port: number): boolean {
    return isHttpServer(this.pod, port);
  }

  /** Serve one request (HTTP) or chunk (TCP) as the pod's program answers it. */
  serve(port: number, bytes: Buffer, clientIP: string, http: boolean): Exchange | 'refused' | 'lost' | Promise<Exchange | 'refused' | 'lost'> {
    if (!this.refresh()) return 'lost';
    const before = this.cluster.random.state()[3];
    const r = http ? serveHttpBytes(this.cluster, this.pod, port, bytes, clientIP) : serveTcpBytes(this.cluster, this.pod, port, bytes, clientIP);
    this.pendingDraws += (this.cluster.random.state()[3] - before) >>> 0;
    const logs = this.view.logs;
    for (const key in logs) {
      const container = key.slice(key.lastIndexOf('/') + 1);
      for (const line of logs[key]) this.pendingLines.push({ container, line });
    }
    this.view.logs = {};
    if (!http) this.containersDirty = true;
    if (this.opts.flushIntervalMs === 0) return this.flush().then(() => r);
    return r;
  }

  /**
   * Write pending log lines, random draws and TCP program data under the writer lock: read the
   * file, append, write it atomically, and adopt what was written (stat'ed under the lock, so no
   * re-read follows our own write). Only log lines, the random position and the pod's program
   * data change — no API object — so the controllers have nothing to reconcile.
   */
  flush(): Promise<void> {
    if (this.flushing) return this.flushing.then(() => this.flush());
    if (this.pendingLines.length === 0 && this.pendingDraws === 0 && !this.containersDirty) return Promise.resolve();
    const lines = trimLines(this.pendingLines);
    const draws = this.pendingDraws;
    const containers = this.containersDirty ? this.view.containers : undefined;
    this.pendingLines = [];
    this.pendingDraws = 0;
    this.inflightDraws = draws;
    this.containersDirty = false;
    const uid = this.uid;
    const path = this.opts.loc.path;
    const run = withStateLock(path, () => {
      const state = readStateFile(path);
      if (!state) return;
      const c = new Cluster(state, this.opts.session.clock);
      const pod = c.get<Pod>('Pod', this.namespace, this.name);
      // Lines of a pod that is gone (or a new pod of the same name) are dropped, as its logs are.
      if (!pod || pod.metadata.uid !== uid) return;
      for (const l of lines) appendLog(c, pod, l.container, l.line);
      for (let i = 0; i < draws; i++) c.random.uint32();
      c.syncRandom();
      if (containers && uid) {
        const target = state as StateWithContainers;
        for (const [group, byUid] of Object.entries(containers)) {
          if (byUid && typeof byUid === 'object' && uid in byUid) {
            target.containers ??= {};
            target.containers[group] ??= {};
            target.containers[group][uid] = (byUid as Record<string, unknown>)[uid];
          }
        }
      }
      writeStateAtomic(path, state);
      // Still under the lock: this stamp is our write's. Draws made meanwhile are pending ones.
      this.inflightDraws = 0;
      this.stamp = stampOf(path);
      this.adopt(state);
    }).then(
      () => undefined,
      () => {
        // The lock could not be had (or the write failed): keep everything for the next flush.
        this.pendingLines = lines.concat(this.pendingLines);
        this.pendingDraws += draws;
        if (containers) this.containersDirty = true;
      },
    );
    this.flushing = run.finally(() => {
      this.inflightDraws = 0;
      this.flushing = undefined;
    });
    return this.flushing;
  }

  /** Stop the flush timer and write what is pending. */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (!this.lost) await this.flush();
    else await this.flushing;
  }

  private adopt(state: ClusterState): void {
    const pod = state.objects.Pod?.[`${this.namespace}/${this.name}`] as Pod | undefined;
    if (!pod || pod.metadata.uid !== this.uid || pod.metadata.deletionTimestamp) {
      this.lost = true;
      return;
    }
    // Draws made here but not yet in the file continue from the file's position.
    const random = new Random(state.random);
    for (let i = this.pendingDraws + this.inflightDraws; i > 0; i--) random.uint32();
    const fresh = state as StateWithContainers;
    const containers = this.containersDirty && this.view ? this.view.containers : fresh.containers;
    this.view = { ...fresh, logs: {}, random: random.state(), containers };
    this.cluster = new Cluster(this.view, this.opts.session.clock);
    this.pod = pod;
  }
}
