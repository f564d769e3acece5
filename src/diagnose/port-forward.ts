/**
 * `kubectl port-forward svc/NAME` does not go through the Service: kubectl picks one pod from the
 * selector (its ActivePods ranking, portforward/pod-choice.ts), translates the Service port to
 * that pod's container port, and forwards every connection there until the pod goes away.
 */
import type { Pod } from '../controllers/kubelet.js';
import type { Service } from '../controllers/endpoints.js';
import { rankPodsForForward } from '../portforward/pod-choice.js';
import { lookupContainerPortNumberByServicePort } from '../portforward/ports.js';
import { KubesimError } from '../errors.js';
import { finding, nameList, type Finding } from './findings.js';
import { podReadiness } from './readiness.js';

function rankText(p: Pod): string {
  const r = podReadiness(p);
  return `${p.metadata.name} (${p.spec.nodeName ? (p.status?.phase ?? 'Pending') : 'unscheduled'}${r.ready ? ', Ready' : `, not ready: ${r.reason}`})`;
}

export function portForwardFindings(svc: Service, pods: Pod[], kind = 'svc'): Finding[] {
  const live = pods.filter((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
  if (live.length === 0) return [];
  const ranked = rankPodsForForward(live);
  const chosen = ranked[0];
  const sp = svc.spec.ports?.[0];
  const evidence: string[] = [];
  evidence.push(`kubectl's ranking (scheduled, Running, Ready, Ready longest, fewest restarts, oldest; ties by name): ${nameList(ranked.map(rankText), 3)}`);
  let level: Finding['level'] = 'ok';
  let fix: string | undefined;
  if (sp) {
    try {
      const remote = lookupContainerPortNumberByServicePort(svc, chosen, sp.port);
      evidence.push(`port-forward ${kind}/${svc.metadata.name} 8080:${sp.port} would forward to ${chosen.metadata.name} port ${remote}`);
    } catch (err) {
      level = 'error';
      evidence.push(`port-forward ${kind}/${svc.metadata.name} ${sp.port} fails: ${err instanceof KubesimError ? err.message : String(err)}`);
      fix = `name a containerPort "${String(sp.targetPort)}" in ${chosen.metadata.name}'s template, or use a numeric targetPort`;
    }
  }
  evidence.push('every forwarded connection goes to that one pod, bypassing kube-proxy: no load balancing, no traffic policy, no session affinity; the forward ends when the pod goes away');
  if (chosen.status?.phase !== 'Running' && level === 'ok') {
    level = 'warn';
    fix = 'the chosen pod is not running: port-forward waits --pod-running-timeout (1m0s) for it, then fails; fix the pod (see its readiness finding) or forward to a running pod by name';
  }
  return [finding('port-forward', level, `port-forward ${kind}/${svc.metadata.name} pins one pod: kubectl would pick ${chosen.metadata.name}`, evidence, fix)];
}
