/**
 * Diagnosing one object by kind: Services, Pods and Deployments. Pure reads of a cluster
 * snapshot (the network walks use non-drawing decisions), so a diagnosis never changes state.
 */
import type { Cluster } from '../store/cluster-state.js';
import type { KObject } from '../api/resources.js';
import type { Pod } from '../controllers/kubelet.js';
import type { Service } from '../controllers/endpoints.js';
import type { Diagnosis } from './findings.js';
import { diagnoseService } from './service.js';
import { diagnosePod } from './pod.js';
import { diagnoseDeployment, type Deployment } from './deployment.js';

/** Kinds `diagnose` understands. */
export const DIAGNOSABLE_KINDS = ['Service', 'Pod', 'Deployment'] as const;

export function diagnose(cluster: Cluster, obj: KObject): Diagnosis {
  switch (obj.kind) {
    case 'Service':
      return diagnoseService(cluster, obj as Service);
    case 'Pod':
      return diagnosePod(cluster, obj as Pod);
    case 'Deployment':
      return diagnoseDeployment(cluster, obj as Deployment);
    default:
      throw new Error(`diagnose does not support ${obj.kind}`);
  }
}
