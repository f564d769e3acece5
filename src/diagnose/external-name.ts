/**
 * ExternalName Services: no clusterIP, no endpoints, no kube-proxy rules — cluster DNS answers the
 * Service name with a CNAME to `spec.externalName`, and the client connects to whatever that name
 * resolves to. The answer is what a pod's resolver gets (`resolveHost` from a pod using cluster
 * DNS), or, when no such pod exists, what CoreDNS answers.
 */
import type { Cluster } from '../store/cluster-state.js';
import type { Pod } from '../controllers/kubelet.js';
import type { Service } from '../controllers/endpoints.js';
import { resolveHost } from '../network/dns/resolver.js';
import { query } from '../network/dns/coredns.js';
import { finding, type Finding } from './findings.js';

function usesClusterDNS(p: Pod): boolean {
  const policy = (p.spec as { dnsPolicy?: string }).dnsPolicy ?? 'ClusterFirst';
  return p.status?.phase === 'Running' && !!p.status.podIP && ((policy === 'ClusterFirst' && !p.spec.hostNetwork) || policy === 'ClusterFirstWithHostNet');
}

/** A pod to ask from: one in the Service's namespace, else any, that uses cluster DNS. */
function vantagePod(cluster: Cluster, ns: string): Pod | undefined {
  return cluster.list<Pod>('Pod', ns).find(usesClusterDNS) ?? cluster.list<Pod>('Pod').find(usesClusterDNS);
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

export function externalNameFindings(cluster: Cluster, svc: Service): Finding[] {
  const ns = svc.metadata.namespace ?? 'default';
  const target = String(svc.spec.externalName ?? '');
  const fqdn = `${svc.metadata.name}.${ns}.svc.${cluster.spec.clusterDomain}`;
  const out: Finding[] = [];
  const notes = ['an ExternalName Service has no clusterIP, no endpoints and no kube-proxy rules: only cluster DNS knows it'];
  if (svc.spec.ports?.length) notes.push(`its ports (${svc.spec.ports.map((p) => p.port).join(', ')}) are not used: clients connect to ${target} on the port they choose`);
  if (svc.spec.selector && Object.keys(svc.spec.selector).length) notes.push('its selector is ignored: ExternalName Services select no pods');
  if (IPV4.test(target)) {
    out.push(
      finding(
        'external-name',
        'warn',
        `externalName ${target} is an IP address: DNS answers ${fqdn} with a CNAME to the name "${target}", not with an address`,
        notes,
        'give externalName a DNS name; for a fixed IP use a Service without a selector plus an EndpointSlice (or Endpoints) listing the IP',
      ),
    );
    return out;
  }
  const pod = vantagePod(cluster, ns);
  let addresses: string[];
  let chain: string[];
  let error: string | undefined;
  let from: string;
  if (pod) {
    const r = resolveHost(cluster, { kind: 'pod', pod, container: pod.spec.containers[0]?.name ?? '' }, `${fqdn}.`);
    addresses = r.addresses;
    chain = r.canonicalNames;
    error = r.error;
    from = `from pod ${pod.metadata.namespace}/${pod.metadata.name}`;
  } else {
    const r = query(cluster, `${fqdn}.`, 'A');
    addresses = r.answers.filter((a) => a.type === 'A').map((a) => a.data);
    chain = r.answers.filter((a) => a.type === 'CNAME').map((a) => a.data.replace(/\.$/, ''));
    error = r.rcode === 'NOERROR' ? (addresses.length ? undefined : 'NODATA') : r.rcode;
    from = 'from CoreDNS';
  }
  const evidence = [`${fqdn} is a CNAME to ${chain.length ? chain.join(' -> ') : target}`, ...notes];
  if (addresses.length) {
    out.push(finding('external-name', 'ok', `ExternalName: ${svc.metadata.name} resolves to ${target} -> ${[...addresses].sort().join(', ')} (${from})`, evidence));
  } else {
    out.push(
      finding(
        'external-name',
        'warn',
        `ExternalName: ${target} does not resolve (${error ?? 'no address'}, ${from}); clients of ${svc.metadata.name} get a DNS error`,
        evidence,
        `check the spelling of externalName (${target}); it must be a name the cluster's upstream DNS resolves`,
      ),
    );
  }
  return out;
}
