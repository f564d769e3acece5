/** diagnose on Pods and Deployments, and the command as a process: read-only, exit codes. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { diagnose } from '../../src/diagnose/index.js';
import { sandbox } from '../helpers/cli.js';
import { applyFile, newCluster } from './fixture.js';

describe('diagnose deployment and pod', () => {
  it('deployment: placeholder image, and the template\'s ports against its program', () => {
    const c = newCluster();
    applyFile(c, 'fixtures/diagnose/placeholder-image/app.yaml');
    const d = diagnose(c, c.get('Deployment', 'placeholder-image', 'frontend')!);
    expect(d.summary).toMatch(/^Deployment 0\/3 ready/);
    expect(d.findings.find((f) => f.id === 'pods.ready')!.level).toBe('error');
    applyFile(c, 'fixtures/diagnose/targetport-mismatch/app.yaml');
    const w = diagnose(c, c.get('Deployment', 'targetport-mismatch', 'web')!);
    expect(w.findings.find((f) => f.id === 'container-ports')!.level).toBe('warn');
    expect(w.findings.find((f) => f.id === 'service.web.targetPort.80')!.level).toBe('error');
  });

  it('deployment: a Service that nearly selects its pods', () => {
    const c = newCluster();
    applyFile(c, 'fixtures/diagnose/wrong-selector/app.yaml');
    const d = diagnose(c, c.get('Deployment', 'wrong-selector', 'shop')!);
    const f = d.findings.find((x) => x.id === 'service.shop-svc.selector')!;
    expect(f.level).toBe('warn');
    expect(f.fix).toBe("change service/shop-svc's selector to app=shop-web");
  });

  it('pod: the Services selecting it and whether it serves their ports', () => {
    const c = newCluster();
    applyFile(c, 'fixtures/diagnose/named-port-missing/app.yaml');
    const v2 = c.list('Pod', 'named-port-missing').find((p) => p.metadata.name.startsWith('web-v2-'))!;
    const d = diagnose(c, v2);
    const f = d.findings.find((x) => x.id.startsWith('service.web.'))!;
    expect(f.level).toBe('error');
    expect(f.title).toContain('service/web port web 80/TCP -> "http": no selected pod has a containerPort named "http"');
  });
});

describe('kubesim diagnose (process)', () => {
  const box = sandbox();
  afterAll(() => box.cleanup());

  it('never writes the state file, and exits 1 on an error finding, 0 otherwise', async () => {
    expect((await box.run(['apply', '-f', 'fixtures/diagnose/targetport-mismatch/app.yaml'])).code).toBe(0);
    const dir = join(box.home, 'clusters');
    const files = readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.json'));
    const before = files.map((f) => readFileSync(join(dir, f), 'utf8'));
    const bad = await box.run(['diagnose', 'svc/web', '-n', 'targetport-mismatch']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('[x] port 80/TCP -> 5000: nothing listens on the targetPort');
    const ok = await box.run(['diagnose', 'svc/kubernetes']);
    expect(ok.code).toBe(0);
    expect(files.map((f) => readFileSync(join(dir, f), 'utf8'))).toEqual(before);
  });
});
