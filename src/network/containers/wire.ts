/**
 * Connects the containers layer to the rest of the networking engine: DNS (resolver and tools),
 * kube-proxy (routing, iptables-save; and our listener check for it), the kubelet's environment
 * and files. Imported once by the CLI commands that run simulated programs.
 */
import { installEngine } from './engine.js';
import { podListens } from './servers/index.js';
import { resolveHost, reverseLookup, NODE_RESOLV_CONF, OUTSIDE_RESOLV_CONF } from '../dns/resolver.js';
import { dig, host, nslookupBind9, nslookupBusybox, nslookupBusybox128 } from '../dns/programs.js';
import { connect, setListenerCheck } from '../kube-proxy/connect.js';
import { iptablesSave } from '../kube-proxy/iptables-save.js';
import { expectedShares } from '../kube-proxy/shares.js';
import { containerEnv } from '../pod-env/container-env.js';
import { nodeHostsFile, podFiles } from '../pod-env/files.js';

let wired = false;

export function wireNetwork(): void {
  if (wired) return;
  wired = true;
  setListenerCheck((pod, port, protocol) => podListens(pod, port, protocol as 'TCP' | 'UDP' | 'SCTP'));
  installEngine({
    resolveHost,
    connect,
    dnsPrograms: { nslookupBind9, nslookupBusybox, nslookupBusybox128, dig, host },
    iptablesSave,
    containerEnv,
    podFiles,
    nodeFiles: (cluster, node) => ({ '/etc/resolv.conf': NODE_RESOLV_CONF, '/etc/hosts': nodeHostsFile(cluster, node) }),
    reverseLookup: (cluster, from, ip) => reverseLookup(cluster, from, ip),
    expectedShares,
    outsideFiles: { '/etc/resolv.conf': OUTSIDE_RESOLV_CONF, '/etc/hosts': '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n', '/etc/hostname': 'workstation\n' },
  });
}
