/** `kubesim curl --count`: bounded in time and memory (the fuzz ran 10^20 requests out of memory). */
import { afterAll, expect, it } from 'vitest';
import { sandbox } from '../helpers/cli.js';

const sb = sandbox();
afterAll(() => sb.cleanup());

it('refuses more than 10,000,000 requests', async () => {
  for (const n of ['10000001', '99999999999999999999']) {
    const r = await sb.run(['curl', '--count', n, 'http://192.168.49.2:30000']);
    expect(r.stderr).toBe('error: --count must be at most 10000000\n');
    expect(r.code).toBe(1);
  }
});

it('keeps only the last request\'s hops for --trace, however many were sent', async () => {
  const one = await sb.run(['curl', '--count', '1', '--trace', 'http://10.96.0.1:443']);
  const many = await sb.run(['curl', '--count', '5000', '--trace', 'http://10.96.0.1:443']);
  const hops = (s: string) => s.split('\n').filter((l) => l.startsWith('trace:')).length;
  expect(many.code).toBe(one.code);
  expect(hops(one.stdout + one.stderr)).toBeGreaterThan(0);
  expect(hops(many.stdout + many.stderr)).toBe(hops(one.stdout + one.stderr));
});
