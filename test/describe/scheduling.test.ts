import { describe, expect, it } from 'vitest';
import { describeObject } from '../../src/printers/describe/index.js';
import { apply, makeCluster, movableClock, pod, NODES } from '../controllers/fixture.js';
import { reconcile } from '../../src/controllers/reconcile.js';
import type { Pod } from '../../src/controllers/kubelet.js';
import { ctxOf } from './cluster.js';

/** From the scheduler to the page: a pod no node has room for, as kubectl-more §2.6 shows it. */
describe('describe pod: a pod the scheduler could not place', () => {
  it('prints §2.6: no node, empty IP, no container status lines, PodScheduled False, the FailedScheduling event', () => {
    const clock = movableClock();
    const c = makeCluster(42, clock);
    const allocatable = { cpu: '2', memory: '8025424Ki', pods: '110' };
    for (const n of NODES) {
      const node = structuredClone(c.get<any>('Node', undefined, n));
      node.status = { ...node.status, capacity: allocatable, allocatable };
      c.put(node);
    }
    reconcile(c);
    apply(c, pod('huge', { run: 'huge' }, [{ name: 'huge', image: 'nginx:1.25', resources: { requests: { cpu: '64' } } }]));
    clock.advance(20);
    const p = c.get<Pod>('Pod', 'default', 'huge')!;
    const volume = (p.spec as unknown as { volumes: { name: string }[] }).volumes[0].name;
    const out = describeObject(p, ctxOf(clock.now().toISOString(), [p, ...c.list('Event', 'default')]));
    expect(out).toBe(
      [
        'Name:             huge',
        'Namespace:        default',
        'Priority:         0',
        'Service Account:  default',
        'Node:             <none>',
        'Labels:           run=huge',
        'Annotations:      <none>',
        'Status:           Pending',
        'IP:               ',
        'IPs:              <none>',
        'Containers:',
        '  huge:',
        '    Image:      nginx:1.25',
        '    Port:       <none>',
        '    Host Port:  <none>',
        '    Requests:',
        '      cpu:        64',
        '    Environment:  <none>',
        '    Mounts:',
        `      /var/run/secrets/kubernetes.io/serviceaccount from ${volume} (ro)`,
        'Conditions:',
        '  Type           Status',
        '  PodScheduled   False ',
        'Volumes:',
        `  ${volume}:`,
        '    Type:                    Projected (a volume that contains injected data from multiple sources)',
        '    TokenExpirationSeconds:  3607',
        '    ConfigMapName:           kube-root-ca.crt',
        '    ConfigMapOptional:       <nil>',
        '    DownwardAPI:             true',
        'QoS Class:                   Burstable',
        'Node-Selectors:              <none>',
        'Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s',
        '                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s',
        'Events:',
        '  Type     Reason            Age   From               Message',
        '  ----     ------            ----  ----               -------',
        '  Warning  FailedScheduling  20s   default-scheduler  0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.',
        '',
      ].join('\n'),
    );
  });
});
