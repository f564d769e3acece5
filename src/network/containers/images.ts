/**
 * The image catalogue: for the images Services tutorials use, what is inside (shell, tools and
 * their versions, ENV in Dockerfile order, the user) and what the main program listens on.
 * Images kubesim does not know get a generic BusyBox-style toolbox and an echo server on their
 * declared containerPorts.
 */
import type { Container } from '../../controllers/kubelet.js';
import type { ShellFlavor } from './box.js';
import { keyTable } from '../../key-table.js';

/** The programs an image can carry (names of implementations, not of commands). */
export type Tool =
  | 'coreutils'
  | 'curl'
  | 'wget-busybox'
  | 'wget-gnu'
  | 'nslookup-busybox'
  | 'nslookup-busybox128'
  | 'bind9'
  | 'ping-busybox'
  | 'ping-iputils'
  | 'nc-busybox'
  | 'nc-openbsd'
  | 'apt'
  | 'apk'
  | 'redis-cli'
  | 'iptables';

export type CurlVersion = '7.88.1' | '8.10.1';

export type ServerKind =
  | 'nginx'
  | 'httpd'
  | 'whoami'
  | 'http-echo'
  | 'agnhost-netexec'
  | 'serve-hostname'
  | 'echo'
  | 'redis'
  | 'postgres'
  | 'mysql'
  | 'coredns'
  | 'coredns-health'
  | 'coredns-metrics'
  | 'apiserver'
  | 'busybox-httpd';

export interface Listener {
  port: number;
  protocol: 'TCP' | 'UDP';
  server: ServerKind;
  /** Server-specific settings (http-echo's text …). */
  settings?: Record<string, string>;
}

export interface ImageProfile {
  /** Catalogue key (`nginx`, `busybox`, … or `unknown`). */
  name: string;
  /** The image as written in the pod spec. */
  image: string;
  /** Version of the main program (nginx 1.27.3, BusyBox 1.36.1, …). */
  version: string;
  os: 'debian-bookworm' | 'debian-jessie' | 'alpine' | 'busybox' | 'scratch' | 'distroless';
  /** /bin/sh's flavour; undefined = no shell in the image. */
  shell?: ShellFlavor;
  bash: boolean;
  /** Coreutils messages in BusyBox wording. */
  busybox: boolean;
  tools: Tool[];
  curl?: CurlVersion;
  /** Image ENV, Dockerfile order (PATH replaces the runtime default in place). */
  env: [string, string][];
  user: string;
  home: string;
  /** Commands that start the image's own server when given as `command` (e.g. `nginx`). */
  mainPrograms: string[];
  /** The listeners of the main program for this container spec. */
  listeners(c: Container): Listener[];
  files: Record<string, string>;
}

const DEBIAN_12 = `PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=debian
HOME_URL="https://www.debian.org/"
SUPPORT_URL="https://www.debian.org/support"
BUG_REPORT_URL="https://bugs.debian.org/"
`;

const DEBIAN_8 = `PRETTY_NAME="Debian GNU/Linux 8 (jessie)"
NAME="Debian GNU/Linux"
VERSION_ID="8"
VERSION="8 (jessie)"
ID=debian
HOME_URL="http://www.debian.org/"
SUPPORT_URL="http://www.debian.org/support"
BUG_REPORT_URL="https://bugs.debian.org/"
`;

const ALPINE_320 = `NAME="Alpine Linux"
ID=alpine
VERSION_ID=3.20.3
PRETTY_NAME="Alpine Linux v3.20"
HOME_URL="https://alpinelinux.org/"
BUG_REPORT_URL="https://gitlab.alpinelinux.org/alpine/aports/-/issues"
`;

const PASSWD_ROOT = 'root:x:0:0:root:/root:/bin/sh\n';

function osFiles(os: ImageProfile['os']): Record<string, string> {
  switch (os) {
    case 'debian-bookworm':
      return { '/etc/os-release': DEBIAN_12, '/usr/lib/os-release': DEBIAN_12, '/etc/debian_version': '12.8\n', '/etc/passwd': 'root:x:0:0:root:/root:/bin/bash\n', '/etc/shells': '/bin/sh\n/usr/bin/sh\n/bin/bash\n/usr/bin/bash\n' };
    case 'debian-jessie':
      return { '/etc/os-release': DEBIAN_8, '/etc/debian_version': '8.11\n', '/etc/passwd': 'root:x:0:0:root:/root:/bin/bash\n' };
    case 'alpine':
      return { '/etc/os-release': ALPINE_320, '/etc/alpine-release': '3.20.3\n', '/etc/passwd': PASSWD_ROOT, '/etc/shells': '/bin/sh\n/bin/ash\n' };
    case 'busybox':
      return { '/etc/passwd': PASSWD_ROOT, '/etc/group': 'root:x:0:\n' };
    default:
      return {};
  }
}

/** Split `repo:tag` after registry normalisation: returns the short repository and the tag. */
export function splitImage(image: string): { repo: string; tag: string } {
  let ref = image.split('@')[0];
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  let tag = 'latest';
  if (colon > slash) {
    tag = ref.slice(colon + 1);
    ref = ref.slice(0, colon);
  }
  let repo = ref.replace(/^docker\.io\//, '').replace(/^index\.docker\.io\//, '').replace(/^library\//, '');
  if (repo.startsWith('registry.hub.docker.com/')) repo = repo.slice('registry.hub.docker.com/'.length).replace(/^library\//, '');
  return { repo, tag };
}

// ---------------------------------------------------------------------------------------------
// nginx

interface NginxRelease {
  version: string;
  njs: string;
  pkg: string;
  /** Newer tags add NJS_RELEASE and DYNPKG_RELEASE. */
  extra: boolean;
}

const NGINX: Record<string, NginxRelease> = keyTable({
  '1.27': { version: '1.27.3', njs: '0.8.7', pkg: '1~bookworm', extra: true },
  '1.26': { version: '1.26.2', njs: '0.8.5', pkg: '1~bookworm', extra: false },
  '1.25': { version: '1.25.5', njs: '0.8.4', pkg: '1~bookworm', extra: false },
  '1.24': { version: '1.24.0', njs: '0.7.12', pkg: '1~bullseye', extra: false },
  '1.23': { version: '1.23.4', njs: '0.7.11', pkg: '1~bullseye', extra: false },
  '1.22': { version: '1.22.1', njs: '0.7.9', pkg: '1~bullseye', extra: false },
});

function nginxRelease(tag: string): NginxRelease {
  const t = tag.replace(/-(alpine|bookworm|bullseye|perl|slim).*$/, '').replace(/^(alpine|bookworm|perl)$/, 'latest');
  if (t === 'latest' || t === 'mainline' || t === '1') return NGINX['1.27'];
  if (t === 'stable') return NGINX['1.26'];
  const m = /^(\d+\.\d+)(?:\.(\d+))?$/.exec(t);
  if (m) {
    const base = NGINX[m[1]] ?? NGINX['1.27'];
    return m[2] !== undefined ? { ...base, version: `${m[1]}.${m[2]}` } : base;
  }
  return NGINX['1.27'];
}

const httpPorts = (port: number, server: ServerKind, settings?: Record<string, string>): Listener[] => [{ port, protocol: 'TCP', server, settings }];

/** `--flag=value` / `-flag=value` / `--flag value` from a container's command+args. */
export function flagValue(argv: string[], names: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    for (const n of names) {
      if (a === `-${n}` || a === `--${n}`) return argv[i + 1];
      if (a.startsWith(`-${n}=`)) return a.slice(n.length + 2);
      if (a.startsWith(`--${n}=`)) return a.slice(n.length + 3);
    }
  }
  return undefined;
}

function containerArgv(c: Container): string[] {
  return [...((c.command as string[] | undefined) ?? []), ...((c.args as string[] | undefined) ?? [])];
}

function portOf(value: string | undefined, dflt: number): number {
  if (!value) return dflt;
  const m = /(\d+)$/.exec(value);
  return m ? Number(m[1]) : dflt;
}

const baseProfile = {
  bash: false,
  busybox: false,
  user: 'root',
  home: '/root',
  mainPrograms: [] as string[],
  listeners: (): Listener[] => [],
  env: [] as [string, string][],
};

/** The profile of an image reference (as written in the pod spec). */
export function imageProfile(image: string): ImageProfile {
  const { repo, tag } = splitImage(image);
  const alpineTag = /alpine/.test(tag);
  switch (repo) {
    case 'nginx':
    case 'nginxinc/nginx-unprivileged': {
      const r = nginxRelease(tag);
      const env: [string, string][] = [
        ['NGINX_VERSION', r.version],
        ['NJS_VERSION', r.njs],
      ];
      if (r.extra) env.push(['NJS_RELEASE', alpineTag ? '1' : r.pkg]);
      env.push(['PKG_RELEASE', alpineTag ? '1' : r.pkg]);
      if (r.extra) env.push(['DYNPKG_RELEASE', alpineTag ? '1' : r.pkg]);
      const port = repo === 'nginx' ? 80 : 8080;
      return {
        ...baseProfile,
        name: 'nginx',
        image,
        version: r.version,
        os: alpineTag ? 'alpine' : 'debian-bookworm',
        shell: alpineTag ? 'ash' : 'dash',
        bash: !alpineTag,
        busybox: alpineTag,
        tools: alpineTag ? ['coreutils', 'curl', 'wget-busybox', 'nslookup-busybox', 'ping-busybox', 'nc-busybox', 'apk'] : ['coreutils', 'curl', 'apt'],
        curl: alpineTag ? '8.10.1' : '7.88.1',
        env,
        mainPrograms: ['nginx', '/docker-entrypoint.sh'],
        listeners: () => httpPorts(port, 'nginx'),
        files: { ...osFiles(alpineTag ? 'alpine' : 'debian-bookworm'), '/etc/nginx/conf.d/default.conf': NGINX_DEFAULT_CONF.replace('listen       80;', `listen       ${port};`) },
      };
    }
    case 'httpd':
      return {
        ...baseProfile,
        name: 'httpd',
        image,
        version: '2.4.62',
        os: alpineTag ? 'alpine' : 'debian-bookworm',
        shell: alpineTag ? 'ash' : 'dash',
        bash: !alpineTag,
        busybox: alpineTag,
        tools: alpineTag ? ['coreutils', 'wget-busybox', 'nslookup-busybox', 'ping-busybox', 'nc-busybox', 'apk'] : ['coreutils', 'apt'],
        env: [
          ['HTTPD_PREFIX', '/usr/local/apache2'],
          ['PATH', '/usr/local/apache2/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
          ['HTTPD_VERSION', '2.4.62'],
        ],
        mainPrograms: ['httpd', 'httpd-foreground'],
        listeners: () => httpPorts(80, 'httpd'),
        files: { ...osFiles(alpineTag ? 'alpine' : 'debian-bookworm'), '/usr/local/apache2/htdocs/index.html': HTTPD_INDEX },
      };
    case 'traefik/whoami':
      return {
        ...baseProfile,
        name: 'whoami',
        image,
        version: tag === 'latest' ? '1.10.3' : tag.replace(/^v/, ''),
        os: 'scratch',
        tools: [],
        mainPrograms: ['/whoami', 'whoami'],
        listeners: (c) => httpPorts(portOf(flagValue(containerArgv(c), ['port']) ?? envValue(c, 'WHOAMI_PORT_NUMBER'), 80), 'whoami'),
        files: {},
      };
    case 'hashicorp/http-echo':
      return {
        ...baseProfile,
        name: 'http-echo',
        image,
        version: tag === 'latest' ? '1.0.0' : tag,
        os: 'scratch',
        tools: [],
        mainPrograms: ['/http-echo', 'http-echo'],
        listeners: (c) => {
          const argv = containerArgv(c);
          const text = flagValue(argv, ['text']) ?? envValue(c, 'ECHO_TEXT');
          if (text === undefined) return [];
          return httpPorts(portOf(flagValue(argv, ['listen']), 5678), 'http-echo', { text });
        },
        files: {},
      };
    case 'registry.k8s.io/e2e-test-images/agnhost':
    case 'k8s.gcr.io/e2e-test-images/agnhost':
      return {
        ...baseProfile,
        name: 'agnhost',
        image,
        version: tag,
        os: 'alpine',
        shell: 'ash',
        bash: true,
        busybox: true,
        tools: ['coreutils', 'curl', 'wget-busybox', 'bind9', 'ping-busybox', 'nc-openbsd', 'apk'],
        curl: '8.10.1',
        mainPrograms: ['/agnhost', 'agnhost'],
        listeners: (c) => {
          const argv = containerArgv(c).filter((a) => a !== '/agnhost' && a !== 'agnhost');
          if (argv[0] === 'netexec') return httpPorts(portOf(flagValue(argv, ['http-port']), 8080), 'agnhost-netexec');
          if (argv[0] === 'serve-hostname') return httpPorts(portOf(flagValue(argv, ['port']), 9376), 'serve-hostname');
          return [];
        },
        files: osFiles('alpine'),
      };
    case 'busybox': {
      const old = /^1\.(2[0-8])(\.|$)/.test(tag);
      const version = old ? '1.28.4' : /^1\.3[0-5]/.test(tag) ? `${tag.split('-')[0]}${tag.split('.').length === 2 ? '.0' : ''}` : '1.36.1';
      return {
        ...baseProfile,
        name: 'busybox',
        image,
        version,
        os: 'busybox',
        shell: 'ash',
        busybox: true,
        tools: ['coreutils', 'wget-busybox', old ? 'nslookup-busybox128' : 'nslookup-busybox', 'ping-busybox', 'nc-busybox'],
        mainPrograms: ['httpd'],
        listeners: (c) => {
          const argv = containerArgv(c);
          const i = argv.findIndex((a) => a === 'httpd' || a.endsWith(' httpd') || /\bhttpd\b/.test(a));
          if (i < 0) return [];
          const joined = argv.slice(i).join(' ');
          const m = /-p\s*(?:[\d.]+:)?(\d+)/.exec(joined);
          return httpPorts(m ? Number(m[1]) : 80, 'busybox-httpd');
        },
        files: osFiles('busybox'),
      };
    }
    case 'alpine':
      return {
        ...baseProfile,
        name: 'alpine',
        image,
        version: '3.20.3',
        os: 'alpine',
        shell: 'ash',
        busybox: true,
        tools: ['coreutils', 'wget-busybox', 'nslookup-busybox', 'ping-busybox', 'nc-busybox', 'apk'],
        files: osFiles('alpine'),
      };
    case 'curlimages/curl':
      return {
        ...baseProfile,
        name: 'curl',
        image,
        version: '8.10.1',
        os: 'alpine',
        shell: 'ash',
        busybox: true,
        tools: ['coreutils', 'curl', 'wget-busybox', 'nslookup-busybox', 'ping-busybox', 'nc-busybox', 'apk'],
        curl: '8.10.1',
        env: [['CURL_CA_BUNDLE', '/cacert.pem']],
        user: 'curl_user',
        home: '/home/curl_user',
        mainPrograms: [],
        files: { ...osFiles('alpine'), '/etc/passwd': PASSWD_ROOT + 'curl_user:x:100:101:Linux User,,,:/home/curl_user:/sbin/nologin\n' },
      };
    case 'registry.k8s.io/e2e-test-images/jessie-dnsutils':
    case 'gcr.io/kubernetes-e2e-test-images/dnsutils':
    case 'registry.k8s.io/e2e-test-images/dnsutils':
      return {
        ...baseProfile,
        name: 'jessie-dnsutils',
        image,
        version: tag,
        os: 'debian-jessie',
        shell: 'dash',
        bash: true,
        tools: ['coreutils', 'bind9', 'ping-iputils', 'apt'],
        files: osFiles('debian-jessie'),
      };
    case 'nicolaka/netshoot':
      return {
        ...baseProfile,
        name: 'netshoot',
        image,
        version: tag,
        os: 'alpine',
        shell: 'ash',
        bash: true,
        busybox: true,
        tools: ['coreutils', 'curl', 'wget-busybox', 'bind9', 'ping-iputils', 'nc-openbsd', 'iptables', 'apk'],
        curl: '8.10.1',
        files: osFiles('alpine'),
      };
    case 'ubuntu':
    case 'debian':
      return {
        ...baseProfile,
        name: repo,
        image,
        version: tag,
        os: 'debian-bookworm',
        shell: 'dash',
        bash: true,
        tools: ['coreutils', 'apt'],
        files: osFiles('debian-bookworm'),
      };
    case 'redis':
    case 'bitnami/redis':
      return {
        ...baseProfile,
        name: 'redis',
        image,
        version: '7.4.1',
        os: alpineTag ? 'alpine' : 'debian-bookworm',
        shell: alpineTag ? 'ash' : 'dash',
        bash: !alpineTag,
        busybox: alpineTag,
        tools: alpineTag ? ['coreutils', 'redis-cli', 'wget-busybox', 'nslookup-busybox', 'ping-busybox', 'nc-busybox', 'apk'] : ['coreutils', 'redis-cli', 'apt'],
        env: [
          ['GOSU_VERSION', '1.17'],
          ['REDIS_VERSION', '7.4.1'],
          ['REDIS_DOWNLOAD_URL', 'http://download.redis.io/releases/redis-7.4.1.tar.gz'],
        ],
        mainPrograms: ['redis-server', 'docker-entrypoint.sh'],
        listeners: (c) => [{ port: portOf(flagValue(containerArgv(c), ['port']), 6379), protocol: 'TCP', server: 'redis' }],
        files: osFiles(alpineTag ? 'alpine' : 'debian-bookworm'),
      };
    case 'postgres':
      return {
        ...baseProfile,
        name: 'postgres',
        image,
        version: '17.2',
        os: 'debian-bookworm',
        shell: 'dash',
        bash: true,
        tools: ['coreutils', 'apt'],
        env: [
          ['GOSU_VERSION', '1.17'],
          ['LANG', 'en_US.utf8'],
          ['PG_MAJOR', '17'],
          ['PATH', '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/usr/lib/postgresql/17/bin'],
          ['PG_VERSION', '17.2-1.pgdg120+1'],
          ['PGDATA', '/var/lib/postgresql/data'],
        ],
        mainPrograms: ['postgres', 'docker-entrypoint.sh'],
        listeners: () => [{ port: 5432, protocol: 'TCP', server: 'postgres' }],
        files: osFiles('debian-bookworm'),
      };
    case 'mysql':
    case 'mariadb':
      return {
        ...baseProfile,
        name: repo,
        image,
        version: '8.4.3',
        os: 'debian-bookworm',
        shell: 'bash',
        bash: true,
        tools: ['coreutils'],
        mainPrograms: ['mysqld', 'docker-entrypoint.sh'],
        listeners: () => [{ port: 3306, protocol: 'TCP', server: 'mysql' }],
        files: osFiles('debian-bookworm'),
      };
    case 'registry.k8s.io/coredns/coredns':
    case 'coredns/coredns':
      return {
        ...baseProfile,
        name: 'coredns',
        image,
        version: tag.replace(/^v/, ''),
        os: 'distroless',
        tools: [],
        mainPrograms: ['/coredns', 'coredns'],
        listeners: () => [
          { port: 53, protocol: 'UDP', server: 'coredns' },
          { port: 53, protocol: 'TCP', server: 'coredns' },
          { port: 9153, protocol: 'TCP', server: 'coredns-metrics' },
          { port: 8080, protocol: 'TCP', server: 'coredns-health' },
          { port: 8181, protocol: 'TCP', server: 'coredns-health' },
        ],
        files: {},
      };
    case 'registry.k8s.io/kube-apiserver':
      return {
        ...baseProfile,
        name: 'kube-apiserver',
        image,
        version: tag,
        os: 'distroless',
        tools: [],
        mainPrograms: ['kube-apiserver'],
        listeners: () => [{ port: 8443, protocol: 'TCP', server: 'apiserver' }],
        files: {},
      };
    case 'registry.k8s.io/kube-proxy':
    case 'registry.k8s.io/etcd':
    case 'registry.k8s.io/kube-controller-manager':
    case 'registry.k8s.io/kube-scheduler':
    case 'kindest/kindnetd':
    case 'registry.k8s.io/pause':
      return { ...baseProfile, name: repo.split('/').pop()!, image, version: tag, os: 'distroless', tools: repo.endsWith('kube-proxy') ? ['iptables'] : [], files: {} };
  }
  // Unknown: a generic toolbox, and an echo server on the declared container ports.
  return {
    ...baseProfile,
    name: 'unknown',
    image,
    version: tag,
    os: 'alpine',
    shell: 'ash',
    busybox: true,
    tools: ['coreutils', 'curl', 'wget-busybox', 'nslookup-busybox', 'ping-busybox', 'nc-busybox', 'apk'],
    curl: '8.10.1',
    mainPrograms: [],
    listeners: (c) => (c.ports ?? []).filter((p) => (p.protocol ?? 'TCP') === 'TCP').map((p) => ({ port: p.containerPort, protocol: 'TCP' as const, server: 'echo' as const })),
    files: osFiles('alpine'),
  };
}

function envValue(c: Container, name: string): string | undefined {
  const env = c.env as { name: string; value?: string }[] | undefined;
  return env?.find((e) => e.name === name)?.value;
}

/** Commands that keep a container alive without serving anything. */
const IDLE_COMMANDS = new Set(['sleep', 'sh', 'bash', 'ash', 'dash', 'tail', 'cat', 'true', 'false', 'pause', 'wait']);

/**
 * What the container's main process listens on: the image's server unless `command` replaces
 * it with something else (`sleep infinity`, a shell loop …). An unknown image runs its echo
 * server unless the command is an idle one.
 */
export function containerListeners(c: Container): Listener[] {
  const profile = imageProfile(c.image);
  const command = c.command as string[] | undefined;
  if (command && command.length) {
    const base = command[0].slice(command[0].lastIndexOf('/') + 1);
    if (profile.name === 'busybox') return profile.listeners(c);
    if (profile.name === 'unknown') return IDLE_COMMANDS.has(base) ? [] : profile.listeners(c);
    if (!profile.mainPrograms.some((m) => m === command[0] || m.slice(m.lastIndexOf('/') + 1) === base)) return [];
  }
  return profile.listeners(c);
}

const NGINX_DEFAULT_CONF = `server {
    listen       80;
    listen  [::]:80;
    server_name  localhost;

    #access_log  /var/log/nginx/host.access.log  main;

    location / {
        root   /usr/share/nginx/html;
        index  index.html index.htm;
    }

    #error_page  404              /404.html;

    # redirect server error pages to the static page /50x.html
    #
    error_page   500 502 503 504  /50x.html;
    location = /50x.html {
        root   /usr/share/nginx/html;
    }
}
`;

export const HTTPD_INDEX = '<html><body><h1>It works!</h1></body></html>\n';
