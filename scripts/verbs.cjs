// kubesim's top-level verbs, each built into its own bundle (dist/verbs/VERB.js, see build.mjs),
// with the commands that warm that bundle's code cache. They run in a copy of a cluster where
// SETUP has been applied, so what every start pays (reading the state, the table) is in each
// cache and what only a first start pays (creating the default cluster) is not.
// A verb's bundle holds the command modules named VERB or VERB-* (create: create-service).
// Paths are relative to fixtures/. A verb without commands still gets a cache of its top level.
'use strict';

const SETUP = [['apply', '-f', 'seed/frontend-deploy.yaml', '-f', 'seed/frontend-svc.yaml', '-f', 'seed/client-pod.yaml', '-f', 'seed/dnsutils-pod.yaml']];

const VERBS = {
  get: [['get', 'svc'], ['get', 'pods', '-o', 'wide'], ['get', 'svc,ep', 'frontend-svc'], ['get', 'svc', 'frontend-svc', '-o', 'yaml'], ['get', 'deploy', 'frontend', '-o', 'json']],
  apply: [['apply', '-f', 'seed/frontend-nodeport.yaml'], ['apply', '-f', 'seed/frontend-svc.yaml']],
  create: [['create', 'service', 'clusterip', 'x', '--tcp=80:5000', '--dry-run=client', '-o', 'yaml'], ['create', 'service', 'nodeport', 'y', '--tcp=80:5000'], ['create', 'deployment', 'z', '--image=nginx:1.27']],
  expose: [['expose', 'deploy', 'frontend', '--name=frontend-svc2', '--port=80', '--target-port=5000']],
  exec: [['exec', 'client-app', '--', 'curl', '-s', 'frontend-svc:80'], ['exec', 'client-app', '--', 'printenv'], ['exec', 'dnsutils', '--', 'nslookup', 'frontend-svc']],
  ssh: [['ssh', '--', 'curl', '-s', 'frontend-svc.default.svc.cluster.local']],
  logs: [['logs', 'client-app']],
  curl: [['curl', 'frontend-svc']],
  'port-forward': [],
  diagnose: [['diagnose', 'svc', 'frontend-svc']],
  describe: [['describe', 'svc', 'frontend-svc'], ['describe', 'pod', 'client-app']],
  delete: [['delete', 'svc', 'frontend-svc']],
  scale: [['scale', 'deploy', 'frontend', '--replicas=2']],
  label: [['label', 'pod', 'client-app', 'tier=client']],
  wait: [['wait', '--for=condition=Ready', 'pod/client-app', '--timeout=1s']],
  rollout: [['rollout', 'status', 'deploy/frontend']],
  completion: [['completion', 'bash']],
  validate: [['validate', '-f', 'validate/mixed']],
  check: [['check', '-f', 'seed', '--checks', 'check/passing.checks.yaml']],
  cluster: [['cluster', 'list'], ['cluster', 'info']],
  config: [['config', 'get-contexts'], ['config', 'view']],
  'api-resources': [['api-resources'], ['api-resources', '-o', 'wide']],
};

// dist/kubesim.js runs what names no verb: help, completion, mistakes.
const WHOLE = [['--help'], ['__complete', 'get', 's'], ['gte', 'svc']];

module.exports = { SETUP, VERBS, WHOLE };
