/**
 * LoadBalancer Services: an ingress address comes only from a load-balancer provider. kubesim's
 * clusters, like minikube and kind, have none until `kubesim cluster set --load-balancer-pool`
 * turns on the simulated MetalLB; until then EXTERNAL-IP stays <pending> (the NodePorts work).
 */
import type { Cluster } from '../store/cluster-state.js';
import type { Service } from '../controllers/endpoints.js';
import type { EventObject } from '../controllers/events.js';
import { nodeInternalIP, type NodeObject } from '../controllers/kubelet.js';
import { finding, type Finding } from './findings.js';

export function loadBalancerFindings(cluster: Cluster, svc: Service): Finding[] {
  if (svc.spec.type !== 'LoadBalancer') return [];
  const ingress = ((svc.status as { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } } | undefined)?.loadBalancer?.ingress ?? []).map((i) => i.ip ?? i.hostname ?? '');
  const ns = svc.metadata.namespace ?? 'default';
  const events = cluster
    .list<EventObject>('Event', ns)
    .filter((e) => e.involvedObject?.kind === 'Service' && e.involvedObject.name === svc.metadata.name && (!e.involvedObject.uid || e.involvedObject.uid === svc.metadata.uid));
  const pool = cluster.spec.loadBalancerPool;
  if (ingress.length) {
    const announced = events.filter((e) => e.reason === 'nodeAssigned').map((e) => e.message);
    return [finding('load-balancer', 'ok', `load balancer ingress ${ingress.join(', ')}${pool ? ` (from the pool ${pool})` : ''}`, announced.length ? [announced[announced.length - 1]] : [])];
  }
  const firstNode = cluster.list<NodeObject>('Node')[0];
  const nodeIP = firstNode ? nodeInternalIP(firstNode) : undefined;
  const nodePorts = (svc.spec.ports ?? []).filter((p) => p.nodePort).map((p) => p.nodePort!);
  const meanwhile = nodePorts.length && nodeIP ? `meanwhile its NodePort works on every node, e.g. http://${nodeIP}:${nodePorts[0]}` : undefined;
  const lbClass = svc.spec.loadBalancerClass as string | undefined;
  if (lbClass) {
    return [
      finding(
        'load-balancer',
        'warn',
        `EXTERNAL-IP is <pending>: loadBalancerClass ${lbClass} belongs to another load-balancer implementation, and none runs in this cluster`,
        meanwhile ? [meanwhile] : [],
        'remove spec.loadBalancerClass to let the cluster\'s provider (kubesim cluster set --load-balancer-pool CIDR) serve it',
      ),
    ];
  }
  if (!pool) {
    const evidence = [`cluster ${cluster.spec.name} has no load-balancer provider (like minikube or kind without MetalLB): nothing assigns an address, and no event says so`];
    if (meanwhile) evidence.push(meanwhile);
    return [
      finding(
        'load-balancer',
        'warn',
        'EXTERNAL-IP is <pending>: no load-balancer provider',
        evidence,
        'turn on the simulated provider: kubesim cluster set --load-balancer-pool 172.18.255.200/29 (a range outside the node, pod and service networks); or use the NodePort, or kubesim port-forward',
      ),
    ];
  }
  const failed = events.filter((e) => e.reason === 'AllocationFailed').map((e) => e.message);
  return [
    finding(
      'load-balancer',
      'error',
      `EXTERNAL-IP is <pending>: the provider (pool ${pool}) could not assign an address`,
      failed.length ? [failed[failed.length - 1]] : ['no AllocationFailed event yet'],
      /not allowed in config/.test(failed[failed.length - 1] ?? '')
        ? `set spec.loadBalancerIP to an address inside ${pool}, or remove it`
        : /no available IPs/.test(failed[failed.length - 1] ?? '')
          ? `the pool ${pool} is used up: give it a larger CIDR (kubesim cluster set --load-balancer-pool …) or delete unused LoadBalancer Services`
          : 'see kubesim describe service for the provider\'s events',
    ),
  ];
}
