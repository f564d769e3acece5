/**
 * The official kubectl v1.32 build (`kubectl.1.32`, beside the `kubectl` on the PATH), which
 * conformance tests run side by side with kubesim where kubectl needs no cluster.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function findKubectl132(): string | undefined {
  try {
    const onPath = execFileSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).trim();
    if (!onPath) return undefined;
    const candidate = join(dirname(realpathSync(onPath)), 'kubectl.1.32');
    return existsSync(candidate) ? candidate : undefined;
  } catch {
    return undefined;
  }
}
