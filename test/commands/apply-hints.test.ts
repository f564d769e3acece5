/** apply's hints about Services left without endpoints: a few, then a count. */
import { afterAll, expect, it } from 'vitest';
import { sandbox } from '../helpers/cli.js';

const sb = sandbox();
afterAll(() => sb.cleanup());

it('explains five Services without endpoints and counts the rest', async () => {
  const docs = Array.from({ length: 8 }, (_, i) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: s-${i}\nspec:\n  selector:\n    app: a-${i}\n  ports:\n  - port: 80\n`);
  const r = await sb.run(['apply', '-f', '-'], { stdin: docs.join('---\n') });
  expect(r.code).toBe(0);
  expect(r.stdout.split('\n').filter(Boolean)).toHaveLength(8);
  const hints = r.stderr.split('\n').filter(Boolean);
  expect(hints.slice(0, 5)).toEqual([0, 1, 2, 3, 4].map((i) => `hint: service/s-${i} selects app=a-${i}, but no pod in namespace "default" has those labels, so it has no endpoints`));
  expect(hints.slice(5)).toEqual(['hint: 3 more applied Services have no ready endpoints; `kubesim diagnose svc/NAME` explains each']);
});
