import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:net';
import { closeListeners, listenerErrorText, listenOnPorts, noPortsMessage, unableToListenLine, type OpenListener } from '../../src/portforward/listener.js';
import { parseAddresses } from '../../src/portforward/ports.js';
import { unhandledForwardErrorLine } from '../../src/portforward/unhandled-error.js';

const opened: OpenListener[] = [];
const blockers: Server[] = [];
afterEach(async () => {
  await closeListeners(opened.splice(0));
  for (const s of blockers.splice(0)) s.close();
});

describe('kubectl texts', () => {
  it('port in use on both loopbacks', () => {
    const [v4, v6] = parseAddresses(['localhost']);
    const line = unableToListenLine(8080, [listenerErrorText(v4, 8080, 'EADDRINUSE', ''), listenerErrorText(v6, 8080, 'EADDRINUSE', '')]);
    expect(line).toBe(
      'Unable to listen on port 8080: Listeners failed to create with the following errors: [unable to create listener: Error listen tcp4 127.0.0.1:8080: bind: address already in use unable to create listener: Error listen tcp6 [::1]:8080: bind: address already in use]',
    );
    expect(noPortsMessage([{ local: 8080, remote: 5000 }])).toBe('unable to listen on any of the requested ports: [{8080 5000}]');
  });

  it('the klog line for a refused pod port', () => {
    const line = unhandledForwardErrorLine({ now: new Date('2026-11-26T05:00:01.5Z'), pid: 4242, localPort: 8080, remotePort: 5000, podUID: 'u-1' });
    expect(line).toMatch(
      /^E1126 05:00:01\.500000    4242 portforward\.go:424\] "Unhandled Error" err="an error occurred forwarding 8080 -> 5000: error forwarding port 5000 to pod [0-9a-f]{64}, uid : failed to execute portforward in network namespace \\"\/var\/run\/netns\/cni-[0-9a-f-]{36}\\": failed to connect to localhost:5000 inside namespace \\"[0-9a-f]{64}\\", IPv4: dial tcp4 127\.0\.0\.1:5000: connect: connection refused IPv6 dial tcp6 \[::1\]:5000: connect: connection refused " logger="UnhandledError"$/,
    );
  });
});

describe('listenOnPorts (127.0.0.1 only)', () => {
  const v4 = parseAddresses(['127.0.0.1']);

  it('binds a free port for local 0 and reports the Forwarding line', async () => {
    const ports = [{ local: 0, remote: 5000 }];
    const r = await listenOnPorts(ports, v4, () => undefined);
    opened.push(...r.listeners);
    expect(ports[0].local).toBeGreaterThan(0);
    expect(r.forwarding).toEqual([`Forwarding from 127.0.0.1:${ports[0].local} -> 5000`]);
    expect(r.fatal).toBeUndefined();
  });

  it('reports a port in use, keeps the ports that bound', async () => {
    const blocker = createServer();
    blockers.push(blocker);
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const busy = (blocker.address() as { port: number }).port;
    const ports = [{ local: busy, remote: 5000 }, { local: 0, remote: 6379 }];
    const r = await listenOnPorts(ports, v4, () => undefined);
    opened.push(...r.listeners);
    expect(r.failures).toEqual([
      `Unable to listen on port ${busy}: Listeners failed to create with the following errors: [unable to create listener: Error listen tcp4 127.0.0.1:${busy}: bind: address already in use]`,
    ]);
    expect(r.forwarding).toEqual([`Forwarding from 127.0.0.1:${ports[1].local} -> 6379`]);
    expect(r.fatal).toBeUndefined();

    const only = await listenOnPorts([{ local: busy, remote: 5000 }], v4, () => undefined);
    opened.push(...only.listeners);
    expect(only.fatal).toBe(`unable to listen on any of the requested ports: [{${busy} 5000}]`);
  });
});
