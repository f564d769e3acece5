import { describe, expect, it } from 'vitest';
import { describeObject } from '../../src/printers/describe/index.js';
import { at, ctxOf, event, invalidImagePod, multiContainerPod, runningPod, T0, unschedulablePod } from './cluster.js';
import { INVALID_IMAGE_POD, MULTI_CONTAINER_POD, PULL_FAIL_POD_EVENTS, RUNNING_POD } from './vectors.js';

describe('describe pod', () => {
  it('prints the running pod of kubectl-more §2.2 byte for byte, with its 5 events', () => {
    const pod = runningPod();
    const fp = 'spec.containers{web}';
    const events = [
      event({ obj: pod, reason: 'Scheduled', message: 'Successfully assigned default/frontend-7d4b9c8f5-abcde to kind-control-plane', first: T0, reportingComponent: 'default-scheduler' }),
      event({ obj: pod, reason: 'Pulling', message: 'Pulling image "nginx:1.25"', first: at(T0, 1), component: 'kubelet', fieldPath: fp }),
      event({
        obj: pod,
        reason: 'Pulled',
        message: 'Successfully pulled image "nginx:1.25" in 4.869s (4.869s including waiting). Image size: 72099410 bytes.',
        first: at(T0, 6),
        component: 'kubelet',
        fieldPath: fp,
      }),
      event({ obj: pod, reason: 'Created', message: 'Created container web', first: at(T0, 6), component: 'kubelet', fieldPath: fp }),
      event({ obj: pod, reason: 'Started', message: 'Started container web', first: at(T0, 6), component: 'kubelet', fieldPath: fp }),
    ];
    const ctx = ctxOf(at(T0, 302), [pod, ...events]);
    expect(describeObject(pod, ctx)).toBe(RUNNING_POD);
  });

  it('hides events of an older object with the same name (other uid) and of other objects', () => {
    const pod = runningPod();
    const older = { ...pod, metadata: { ...pod.metadata, uid: 'uid-older' } };
    const other = runningPod('frontend-7d4b9c8f5-fghij');
    const events = [
      event({ obj: older, reason: 'Killing', message: 'Stopping container web', first: T0, component: 'kubelet' }),
      event({ obj: other, reason: 'Pulling', message: 'Pulling image "nginx:1.25"', first: T0, component: 'kubelet' }),
    ];
    const out = describeObject(pod, ctxOf(at(T0, 302), [pod, other, ...events]));
    expect(out.endsWith('Events:                      <none>\n')).toBe(true);
  });

  it('prints the InvalidImageName pod of §2.3 (hidden waiting message, repeated events)', () => {
    const pod = invalidImagePod();
    const fp = 'spec.containers{web}';
    const events = [
      event({ obj: pod, reason: 'Scheduled', message: 'Successfully assigned default/bad-image to kind-control-plane', first: T0, reportingComponent: 'default-scheduler' }),
      event({
        obj: pod,
        type: 'Warning',
        reason: 'InspectFailed',
        message: 'Failed to apply default image tag "<frontend-application-image>": couldn\'t parse image name "<frontend-application-image>": invalid reference format',
        first: at(T0, 1),
        last: at(T0, 87),
        count: 8,
        component: 'kubelet',
        fieldPath: fp,
      }),
      event({ obj: pod, type: 'Warning', reason: 'Failed', message: 'Error: InvalidImageName', first: at(T0, 1), last: at(T0, 87), count: 8, component: 'kubelet', fieldPath: fp }),
    ];
    const header = [
      'Name:             bad-image',
      'Namespace:        default',
      'Priority:         0',
      'Service Account:  default',
      'Node:             kind-control-plane/172.18.0.2',
      'Start Time:       Thu, 26 Nov 2026 05:36:18 +0000',
      'Labels:           app=frontend',
      'Annotations:      <none>',
      'Status:           Pending',
      'IP:               10.244.0.8',
      'IPs:',
      '  IP:  10.244.0.8',
    ].join('\n');
    // The spec elides the volume and closing lines "as in 2.2"; they are filled in here.
    const tail = [
      'Volumes:',
      '  kube-api-access-7hx2m:',
      '    Type:                    Projected (a volume that contains injected data from multiple sources)',
      '    TokenExpirationSeconds:  3607',
      '    ConfigMapName:           kube-root-ca.crt',
      '    ConfigMapOptional:       <nil>',
      '    DownwardAPI:             true',
      'QoS Class:                   BestEffort',
      'Node-Selectors:              <none>',
      'Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s',
      '                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s',
    ].join('\n');
    const vectorLines = INVALID_IMAGE_POD.split('\n');
    const elided = vectorLines.findIndex((l) => l.startsWith('…'));
    const expected = [header, ...vectorLines.slice(0, elided - 1), tail, ...vectorLines.slice(elided + 1)].join('\n');
    const out = describeObject(pod, ctxOf(at(T0, 92), [pod, ...events]));
    expect(out).toBe(expected);
    expect(out).not.toContain("couldn't parse image name \"<frontend-application-image>\": invalid reference format\n    Ready");
  });

  it('prints the ErrImagePull/ImagePullBackOff events table of §2.4 (ties on lastTimestamp keep server order)', () => {
    const pod = invalidImagePod();
    pod.metadata.name = 'pull-fail';
    const fp = 'spec.containers{web}';
    const img = 'nginx:doesnotexist';
    const cri = `rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/${img}": failed to resolve reference "docker.io/library/${img}": docker.io/library/${img}: not found`;
    const now = at(T0, 77);
    const k = { component: 'kubelet', fieldPath: fp };
    const events = [
      event({ obj: pod, reason: 'Scheduled', message: 'Successfully assigned default/pull-fail to kind-control-plane', first: T0, reportingComponent: 'default-scheduler' }),
      event({ obj: pod, reason: 'Pulling', message: `Pulling image "${img}"`, first: at(T0, 1), last: at(T0, 55), count: 3, ...k }),
      event({ obj: pod, type: 'Warning', reason: 'Failed', message: `Failed to pull image "${img}": ${cri}`, first: at(T0, 2), last: at(T0, 56), count: 3, ...k }),
      event({ obj: pod, type: 'Warning', reason: 'Failed', message: 'Error: ErrImagePull', first: at(T0, 2), last: at(T0, 56), count: 3, ...k }),
      event({ obj: pod, reason: 'BackOff', message: `Back-off pulling image "${img}"`, first: at(T0, 3), last: at(T0, 70), count: 4, ...k }),
      event({ obj: pod, type: 'Warning', reason: 'Failed', message: 'Error: ImagePullBackOff', first: at(T0, 3), last: at(T0, 70), count: 4, ...k }),
    ];
    // Shuffle the stored order by timestamp only: the context lists events by name (creation order).
    const out = describeObject(pod, ctxOf(now, [pod, ...events.reverse()]));
    expect(out.slice(out.indexOf('Events:\n'))).toBe(PULL_FAIL_POD_EVENTS);
  });

  it('prints the multi-container pod of §2.5 (two alignment widths, ragged env lines, OOMKilled last state)', () => {
    const pod = multiContainerPod();
    expect(describeObject(pod, ctxOf('2026-11-26T05:41:22Z', [pod]))).toBe(MULTI_CONTAINER_POD);
  });

  it('prints the unschedulable pod of §2.6', () => {
    const pod = unschedulablePod();
    const ev = event({
      obj: pod,
      type: 'Warning',
      reason: 'FailedScheduling',
      message: '0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.',
      first: '2026-11-26T05:40:00Z',
      reportingComponent: 'default-scheduler',
    });
    const expected = [
      'Name:             big',
      'Namespace:        default',
      'Priority:         0',
      'Service Account:  default',
      'Node:             <none>',
      'Labels:           run=big',
      'Annotations:      <none>',
      'Status:           Pending',
      'IP:               ',
      'IPs:              <none>',
      'Containers:',
      '  big:',
      '    Image:      nginx:1.25',
      '    Port:       <none>',
      '    Host Port:  <none>',
      '    Requests:',
      '      cpu:        64',
      '    Environment:  <none>',
      '    Mounts:',
      '      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-9zq2w (ro)',
      'Conditions:',
      '  Type           Status',
      '  PodScheduled   False ',
      'Volumes:',
      '  kube-api-access-9zq2w:',
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
      '  Warning  FailedScheduling  20s   default-scheduler  0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.',
      '',
    ].join('\n');
    expect(describeObject(pod, ctxOf('2026-11-26T05:40:20Z', [pod, ev]))).toBe(expected);
  });

  it('omits the Events section when events are not requested', () => {
    const pod = multiContainerPod();
    const ctx = { ...ctxOf('2026-11-26T05:41:22Z', [pod]), showEvents: false };
    expect(describeObject(pod, ctx)).toBe(MULTI_CONTAINER_POD.replace('Events:                      <none>\n', ''));
  });

  it('shows a terminating pod and the computed QoS class when the server recorded none', () => {
    const pod = multiContainerPod();
    pod.metadata.deletionTimestamp = '2026-11-26T05:41:00Z';
    pod.metadata.deletionGracePeriodSeconds = 30;
    delete (pod.status as { qosClass?: string }).qosClass;
    const out = describeObject(pod, ctxOf('2026-11-26T05:41:22Z', [pod]));
    // The longer key widens the whole header block.
    expect(out.startsWith('Name:                      multi\n')).toBe(true);
    expect(out).toContain('\nStatus:                    Terminating (lasts 22s)\nTermination Grace Period:  30s\n');
    expect(out).toContain('\nQoS Class:                   Burstable\n');
  });
});
