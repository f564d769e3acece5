import { describe, expect, it } from 'vitest';
import { serviceEnvVars, serviceVars } from '../../../src/network/pod-env/service-env.js';
import { containerEnv, expandEnvValue } from '../../../src/network/pod-env/container-env.js';
import { podFiles, podHostname } from '../../../src/network/pod-env/files.js';
import { deleteObject, updateObject } from '../../../src/apiserver/objects.js';
import { reconcile } from '../../../src/controllers/reconcile.js';
import { add, newCluster, ns, pod, svc } from '../dns/fixture.js';

const KUBERNETES: [string, string][] = [
  ['KUBERNETES_SERVICE_HOST', '10.96.0.1'],
  ['KUBERNETES_SERVICE_PORT', '443'],
  ['KUBERNETES_SERVICE_PORT_HTTPS', '443'],
  ['KUBERNETES_PORT', 'tcp://10.96.0.1:443'],
  ['KUBERNETES_PORT_443_TCP', 'tcp://10.96.0.1:443'],
  ['KUBERNETES_PORT_443_TCP_PROTO', 'tcp'],
  ['KUBERNETES_PORT_443_TCP_PORT', '443'],
  ['KUBERNETES_PORT_443_TCP_ADDR', '10.96.0.1'],
];

const FRONTEND: [string, string][] = [
  ['FRONTEND_SVC_SERVICE_HOST', '10.96.120.15'],
  ['FRONTEND_SVC_SERVICE_PORT', '80'],
  ['FRONTEND_SVC_SERVICE_PORT_HTTP', '80'],
  ['FRONTEND_SVC_SERVICE_PORT_METRICS', '9090'],
  ['FRONTEND_SVC_PORT', 'tcp://10.96.120.15:80'],
  ['FRONTEND_SVC_PORT_80_TCP', 'tcp://10.96.120.15:80'],
  ['FRONTEND_SVC_PORT_80_TCP_PROTO', 'tcp'],
  ['FRONTEND_SVC_PORT_80_TCP_PORT', '80'],
  ['FRONTEND_SVC_PORT_80_TCP_ADDR', '10.96.120.15'],
  ['FRONTEND_SVC_PORT_9090_TCP', 'tcp://10.96.120.15:9090'],
  ['FRONTEND_SVC_PORT_9090_TCP_PROTO', 'tcp'],
  ['FRONTEND_SVC_PORT_9090_TCP_PORT', '9090'],
  ['FRONTEND_SVC_PORT_9090_TCP_ADDR', '10.96.120.15'],
];

const frontendSvc = (namespace = 'default') => svc('frontend-svc', namespace, { clusterIP: '10.96.120.15', selector: { app: 'frontend' }, ports: [{ name: 'http', port: 80, targetPort: 5000 }, { name: 'metrics', port: 9090 }] });

describe('service env vars (k8s-cluster.md §1.1-1.2)', () => {
  it('the test vectors: kubernetes (8), frontend-svc (13), redis-master (7), kube-dns', () => {
    expect(serviceVars('kubernetes', '10.96.0.1', [{ name: 'https', port: 443, protocol: 'TCP' }])).toEqual(KUBERNETES);
    expect(serviceVars('frontend-svc', '10.96.120.15', [{ name: 'http', port: 80 }, { name: 'metrics', port: 9090 }])).toEqual(FRONTEND);
    expect(serviceVars('redis-master', '10.96.33.7', [{ port: 6379 }])).toEqual([
      ['REDIS_MASTER_SERVICE_HOST', '10.96.33.7'],
      ['REDIS_MASTER_SERVICE_PORT', '6379'],
      ['REDIS_MASTER_PORT', 'tcp://10.96.33.7:6379'],
      ['REDIS_MASTER_PORT_6379_TCP', 'tcp://10.96.33.7:6379'],
      ['REDIS_MASTER_PORT_6379_TCP_PROTO', 'tcp'],
      ['REDIS_MASTER_PORT_6379_TCP_PORT', '6379'],
      ['REDIS_MASTER_PORT_6379_TCP_ADDR', '10.96.33.7'],
    ]);
    const c = newCluster();
    const p = add(c, pod('in-kube-system', 'kube-system'));
    const vars = new Map(serviceEnvVars(c, p));
    expect(vars.get('KUBE_DNS_SERVICE_PORT')).toBe('53');
    expect(vars.get('KUBE_DNS_SERVICE_PORT_DNS')).toBe('53');
    expect(vars.get('KUBE_DNS_SERVICE_PORT_DNS_TCP')).toBe('53');
    expect(vars.get('KUBE_DNS_SERVICE_PORT_METRICS')).toBe('9153');
    expect(vars.get('KUBE_DNS_PORT')).toBe('udp://10.96.0.10:53');
    expect(vars.get('KUBE_DNS_PORT_53_UDP')).toBe('udp://10.96.0.10:53');
    expect(vars.get('KUBE_DNS_PORT_53_UDP_PROTO')).toBe('udp');
    expect(vars.get('KUBE_DNS_PORT_53_TCP')).toBe('tcp://10.96.0.10:53');
    expect(vars.get('KUBE_DNS_PORT_9153_TCP_ADDR')).toBe('10.96.0.10');
    expect([...vars.keys()].filter((k) => k.startsWith('KUBE_DNS_'))).toHaveLength(4 + 1 + 4 * 3 + 1);
    expect([...vars.keys()].filter((k) => k.startsWith('KUBERNETES_'))).toHaveLength(8);
  });

  it('pods in default with kubernetes and frontend-svc: 21 vars; enableServiceLinks false: the 8 KUBERNETES_* only', () => {
    const c = newCluster();
    add(c, frontendSvc());
    const p = add(c, pod('client', 'default'));
    expect(serviceEnvVars(c, p)).toEqual([...FRONTEND, ...KUBERNETES]);
    const q = add(c, pod('nolinks', 'default', { enableServiceLinks: false }));
    expect(serviceEnvVars(c, q)).toEqual(KUBERNETES);
  });

  it('pods in team-a never see FRONTEND_SVC_*', () => {
    const c = newCluster();
    add(c, ns('team-a'));
    add(c, frontendSvc());
    const p = add(c, pod('client', 'team-a'));
    expect(serviceEnvVars(c, p)).toEqual(KUBERNETES);
  });

  it('a Service created after the pod started is absent; a later pod sees it', () => {
    const c = newCluster();
    const early = add(c, pod('early', 'default'));
    add(c, frontendSvc());
    expect(serviceEnvVars(c, c.get('Pod', 'default', 'early')!)).toEqual(KUBERNETES);
    expect(serviceEnvVars(c, early).some(([k]) => k.startsWith('FRONTEND'))).toBe(false);
    const late = add(c, pod('late', 'default'));
    expect(serviceEnvVars(c, late)).toEqual([...FRONTEND, ...KUBERNETES]);
  });

  it('a Service deleted or changed later keeps the values the container started with', () => {
    const c = newCluster();
    add(c, frontendSvc());
    const p = add(c, pod('p', 'default'));
    const s = structuredClone(c.get('Service', 'default', 'frontend-svc')!);
    (s.spec as any).ports = [{ name: 'http', port: 8080, targetPort: 5000, protocol: 'TCP' }];
    updateObject(c, s);
    reconcile(c);
    expect(serviceEnvVars(c, p)).toEqual([...FRONTEND, ...KUBERNETES]);
    const q = add(c, pod('q', 'default'));
    expect(new Map(serviceEnvVars(c, q)).get('FRONTEND_SVC_SERVICE_PORT')).toBe('8080');
    deleteObject(c, 'Service', 'default', 'frontend-svc');
    reconcile(c);
    expect(serviceEnvVars(c, p)).toEqual([...FRONTEND, ...KUBERNETES]);
    const r = add(c, pod('r', 'default'));
    expect(serviceEnvVars(c, r)).toEqual(KUBERNETES);
  });

  it('headless and ExternalName Services give no vars; a same-namespace kubernetes Service wins', () => {
    const c = newCluster();
    add(c, ns('team-b'));
    add(c, svc('headless', 'team-b', { clusterIP: 'None', selector: { app: 'x' }, ports: [{ port: 80 }] }));
    add(c, svc('ext', 'team-b', { type: 'ExternalName', externalName: 'example.com' }));
    add(c, svc('kubernetes', 'team-b', { clusterIP: '10.96.7.7', ports: [{ port: 8080 }] }));
    const p = add(c, pod('p', 'team-b'));
    expect(serviceEnvVars(c, p)).toEqual(serviceVars('kubernetes', '10.96.7.7', [{ port: 8080 }]));
  });
});

describe('container env block (k8s-cluster.md §1.3-1.4)', () => {
  it('PATH, HOSTNAME, image ENV, user env, service vars, HOME; an image PATH replaces the default in place', () => {
    const c = newCluster();
    const p = add(c, pod('nginx-7c5ddbdf54-x8kqm', 'default'));
    const env = containerEnv(c, p, 'main', { imageEnv: [['NGINX_VERSION', '1.27.3'], ['NJS_VERSION', '0.8.7']], tty: false });
    expect(env).toEqual([['PATH', '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], ['HOSTNAME', 'nginx-7c5ddbdf54-x8kqm'], ['NGINX_VERSION', '1.27.3'], ['NJS_VERSION', '0.8.7'], ...KUBERNETES, ['HOME', '/root']]);
    const withPath = containerEnv(c, p, 'main', { imageEnv: [['PATH', '/opt/bin:/usr/bin'], ['X', '1']], tty: true });
    expect(withPath[0]).toEqual(['PATH', '/opt/bin:/usr/bin']);
    expect(withPath.slice(-2)).toEqual([['TERM', 'xterm'], ['HOME', '/root']]);
  });

  it('user env wins over service vars, $(VAR) expands, $$ escapes, fieldRefs resolve', () => {
    const c = newCluster();
    add(c, frontendSvc());
    const p = add(
      c,
      pod('app', 'default', {
        containers: [
          {
            name: 'main',
            image: 'busybox:1.36',
            env: [
              { name: 'FRONTEND_SVC_SERVICE_HOST', value: 'overridden' },
              { name: 'URL', value: 'http://$(FRONTEND_SVC_SERVICE_HOST):$(FRONTEND_SVC_SERVICE_PORT)/$(LATER)' },
              { name: 'LATER', value: 'x' },
              { name: 'ESC', value: '$$(URL) $(MISSING) $x $(' },
              { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
              { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
              { name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
              { name: 'CFG', valueFrom: { configMapKeyRef: { name: 'cm', key: 'k' } } },
            ],
          },
        ],
      }),
    );
    const env = new Map(containerEnv(c, p, 'main', { imageEnv: [], tty: false }));
    expect(env.get('FRONTEND_SVC_SERVICE_HOST')).toBe('overridden');
    expect(env.get('URL')).toBe('http://overridden:80/$(LATER)');
    expect(env.get('ESC')).toBe('$(URL) $(MISSING) $x $(');
    expect(env.get('POD_NAME')).toBe('app');
    expect(env.get('POD_IP')).toBe((p.status as any).podIP);
    expect(env.get('NODE')).toBe((p.spec as any).nodeName);
    expect(env.has('CFG')).toBe(false);
    const keys = [...env.keys()];
    expect(keys.filter((k) => k === 'FRONTEND_SVC_SERVICE_HOST')).toHaveLength(1);
    expect(keys.indexOf('FRONTEND_SVC_SERVICE_HOST')).toBeLessThan(keys.indexOf('FRONTEND_SVC_SERVICE_PORT'));
  });

  it('expandEnvValue', () => {
    const m = (n: string) => ({ A: 'a' })[n];
    expect(expandEnvValue('$(A)-$$(A)-$$$(A)-$(B)-$A-$', m)).toBe('a-$(A)-$a-$(B)-$A-$');
  });
});

describe('pod files (k8s-cluster.md §1.5)', () => {
  it('/etc/hosts, /etc/hostname', () => {
    const c = newCluster();
    const p = add(c, pod('web', 'default', { hostAliases: [{ ip: '10.1.2.3', hostnames: ['foo.remote', 'bar.remote'] }] }));
    const ip = (p.status as any).podIP;
    const files = podFiles(c, p, 'main');
    expect(files['/etc/hosts']).toBe(
      `# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n${ip}\tweb\n\n# Entries added by HostAliases.\n10.1.2.3\tfoo.remote\tbar.remote\n`,
    );
    expect(files['/etc/hostname']).toBe('web\n');
    const s = add(c, pod('web-0', 'default', { hostname: 'web-0', subdomain: 'nginx' }));
    expect(podFiles(c, s, 'main')['/etc/hosts']).toContain(`${(s.status as any).podIP}\tweb-0.nginx.default.svc.cluster.local\tweb-0\n`);
    expect(podHostname({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `${'a'.repeat(62)}-b` }, spec: { containers: [] } } as any)).toBe('a'.repeat(62));
  });

  it('hostNetwork pods get the node hostname and hosts file', () => {
    const c = newCluster();
    const p = add(c, pod('hn', 'default', { hostNetwork: true, nodeName: 'kubesim-m02' }));
    const files = podFiles(c, p, 'main');
    expect(files['/etc/hostname']).toBe('kubesim-m02\n');
    expect(files['/etc/hosts']).toBe(
      '# Kubernetes-managed hosts file (host network).\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n192.168.49.3\tkubesim-m02\n192.168.49.1\thost.minikube.internal\n192.168.49.2\tcontrol-plane.minikube.internal\n',
    );
  });
});
