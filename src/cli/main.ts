/**
 * kubesim's entry point: commander parses argv into options, and each verb's module is loaded
 * only when that verb runs; the build gives each verb a bundle of its own (scripts/build.mjs), so
 * start-up stays near a bare Node start.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { createRuntime, type Runtime } from './runtime.js';
import { fromCommanderError, printError } from './errors.js';
import { KubesimError } from '../errors.js';

type Opts = Record<string, unknown>;
// Each verb declares its own options shape; commander's parsed values are untyped at this seam.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type CommandFn = (rt: Runtime, args: string[], opts: any) => Promise<number | void>;

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

function intFlag(flag: string) {
  return (value: string): number => {
    if (!/^[-+]?\d+$/.test(value.trim())) throw new InvalidArgumentError(`invalid argument ${JSON.stringify(value)} for "${flag}" flag: strconv.ParseInt: parsing ${JSON.stringify(value)}: invalid syntax`);
    return Number(value);
  };
}

function boolFlag(flag: string) {
  return (value: string): boolean => {
    const v = value.toLowerCase();
    if (['1', 't', 'true'].includes(v)) return true;
    if (['0', 'f', 'false'].includes(v)) return false;
    throw new InvalidArgumentError(`invalid argument ${JSON.stringify(value)} for "${flag}" flag: strconv.ParseBool: parsing ${JSON.stringify(value)}: invalid syntax`);
  };
}

/** Flags that mean the same on every command. */
function withGlobals(cmd: Command): Command {
  return cmd
    .addOption(new Option('--state <path>', 'use this cluster state file (default: the current context\'s cluster; env KUBESIM_STATE)'))
    .addOption(new Option('--context <name>', 'The name of the kubeconfig context to use'))
    .addOption(new Option('--no-hints', 'do not print kubesim\'s hint lines (env KUBESIM_NO_HINTS=1)'))
    .addOption(new Option('--no-progress', 'do not draw progress bars on stderr (env KUBESIM_NO_PROGRESS=1)'));
}

function namespaced(cmd: Command): Command {
  return cmd.option('-n, --namespace <namespace>', 'If present, the namespace scope for this CLI request');
}

function outputFlags(cmd: Command): Command {
  return cmd
    .option('-o, --output <format>', 'Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file, custom-columns, custom-columns-file, wide).')
    .option('--dry-run [strategy]', 'Must be "none", "server", or "client".', 'none');
}

/**
 * The program with its verbs. With `only`, just that top-level verb is registered: declaring all
 * ~40 commands and their options is a tenth of a `get svc`, and one verb parses and runs the same
 * on its own (help, completion and unknown verbs build everything).
 */
export function buildProgram(rt: Runtime, run: (load: () => Promise<CommandFn>, args: string[], opts: Opts) => Promise<void>, only?: string): Command {
  const wanted = (verb: string) => only === undefined || only === verb;
  const program = new Command('kubesim');
  program
    .description('kubesim controls a simulated Kubernetes cluster, exactly as kubectl controls a real one.')
    .version('kubesim 0.1.0 (Kubernetes v1.32.0)', '--version')
    .showSuggestionAfterError(false)
    .enablePositionalOptions();
  withGlobals(program);
  // kubectl's -n is a global flag: `kubesim -n prod get svc` names the namespace before the verb.
  namespaced(program);

  const action =
    (load: () => Promise<CommandFn>) =>
    async (...params: unknown[]) => {
      const cmd = params[params.length - 1] as Command;
      const opts = cmd.opts();
      // A namespace given before the verb counts where the command takes one and none came after it.
      if (opts.namespace === undefined && cmd.options.some((o) => o.long === '--namespace')) opts.namespace = program.opts().namespace;
      // `command` tells shared handlers which subcommand ran (e.g. create service nodeport).
      await run(load, cmd.args, { ...opts, command: cmd.name() });
    };

  if (wanted('get')) {
    withGlobals(
      namespaced(
        program
          .command('get')
          .description('Display one or many resources')
          .argument('[args...]')
          .option('-o, --output <format>', 'Output format. One of: (json, yaml, name, jsonpath, jsonpath-as-json, custom-columns, custom-columns-file, wide).')
          .option('-A, --all-namespaces', 'If present, list the requested object(s) across all namespaces.')
          .option('-l, --selector <selector>', 'Selector (label query) to filter on, supports \'=\', \'==\', \'!=\', \'in\', \'notin\'.')
          .option('--field-selector <selector>', 'Selector (field query) to filter on.')
          .option('--show-labels', 'When printing, show all labels as the last column.')
          .option('-L, --label-columns <labels>', 'Accepts a comma separated list of labels that are going to be presented as columns.', collect)
          .option('--no-headers', 'When using the default or custom-column output format, don\'t print headers.')
          .option('--ignore-not-found', 'If the requested object does not exist the command will return exit code 0.')
          .option('--show-kind', 'If present, list the resource type for the requested object(s).')
          .option('--sort-by <jsonpath>', 'If non-empty, sort list types using this field specification.')
          .option('--allow-missing-template-keys <bool>', 'If true, ignore any errors in templates when a field or map key is missing in the template.', boolFlag('--allow-missing-template-keys'), true)
          .option('--show-managed-fields', 'If true, keep the managedFields when printing objects in JSON or YAML format.')
          .option('-w, --watch', 'After listing/getting the requested object, watch for changes.')
          .option('--watch-only', 'Watch for changes to the requested object(s), without listing/getting first.')
          .option('--output-watch-events', 'Output watch event objects when --watch or --watch-only is used. Existing objects are output as initial ADDED events.')
          .option('--request-timeout <duration>', 'The length of time to wait before giving up on a single server request. Non-zero values should contain a corresponding time unit (e.g. 1s, 2m, 3h). A value of zero means don\'t timeout requests.')
          .action(action(async () => (await import('./commands/get.js')).runGet)),
      ),
    );
  }

  if (wanted('apply')) {
    withGlobals(
      namespaced(
        outputFlags(
          program
            .command('apply')
            .description('Apply a configuration to a resource by file name or stdin')
            .option('-f, --filename <file>', 'The files that contain the configurations to apply.', collect)
            .option('-R, --recursive', 'Process the directory used in -f, --filename recursively.')
            .option('--validate <mode>', 'Must be one of: strict (or true), warn, ignore (or false).', 'strict')
            .option('--server-side', 'If true, apply runs in the server instead of the client.')
            .action(action(async () => (await import('./commands/apply.js')).runApply)),
        ),
      ),
    );
  }

  if (wanted('create')) {
    const create = withGlobals(
      namespaced(
        outputFlags(
          program
            .command('create')
            .description('Create a resource from a file or from stdin')
            .option('-f, --filename <file>', 'Filename, directory, or URL to files to use to create the resource', collect)
            .option('-R, --recursive', 'Process the directory used in -f, --filename recursively.')
            .option('--validate <mode>', 'Must be one of: strict (or true), warn, ignore (or false).', 'strict')
            .option('--save-config', 'If true, the configuration of current object will be saved in its annotation.')
            .action(action(async () => (await import('./commands/create.js')).runCreateFromFiles)),
        ),
      ),
    );
    // Flags after `create service …` belong to the subcommand, not to `create -f`.
    create.enablePositionalOptions();
    for (const alias of [['namespace', 'ns']] as const) {
      withGlobals(
        outputFlags(
          create
            .command(alias[0])
            .alias(alias[1])
            .description('Create a namespace with the specified name')
            .argument('[name...]')
            .action(action(async () => (await import('./commands/create.js')).runCreateNamespace)),
        ),
      );
    }
    withGlobals(
      namespaced(
        outputFlags(
          create
            .command('deployment')
            .alias('deploy')
            .description('Create a deployment with the specified name')
            .argument('[name...]')
            .option('--image <image>', 'Image names to run. A deployment can have multiple images set for multi-container pod.', collect)
            .option('-r, --replicas <n>', 'Number of replicas to create. Default is 1.', intFlag('--replicas'), 1)
            .option('--port <port>', 'The containerPort that this container exposes.', intFlag('--port'), -1)
            .action(action(async () => (await import('./commands/create.js')).runCreateDeployment)),
        ),
      ),
    );

    // create service clusterip|nodeport|loadbalancer|externalname (alias svc)
    const createService = create.command('service').alias('svc').description('Create a service using a specified subcommand');
    const serviceKinds: [string, string][] = [
      ['clusterip', 'Create a ClusterIP service'],
      ['nodeport', 'Create a NodePort service'],
      ['loadbalancer', 'Create a LoadBalancer service'],
      ['externalname', 'Create an ExternalName service'],
    ];
    for (const [sub, description] of serviceKinds) {
      const c = createService
        .command(sub)
        .description(description)
        .argument('[name...]')
        .option('--tcp <port:targetPort>', "Port pairs can be specified as '<port>:<targetPort>'.", collect)
        .option('--save-config', 'If true, the configuration of current object will be saved in its annotation.')
        .option('--validate <mode>', 'Must be one of: strict (or true), warn, ignore (or false).', 'strict')
        .option('--field-manager <name>', 'Name of the manager used to track field ownership.', 'kubectl-create')
        .option('--allow-missing-template-keys <bool>', 'If true, ignore any errors in templates when a field or map key is missing in the template.', boolFlag('--allow-missing-template-keys'), true)
        .option('--show-managed-fields', 'If true, keep the managedFields when printing objects in JSON or YAML format.');
      if (sub === 'clusterip') c.option('--clusterip <ip>', 'Assign your own ClusterIP or set to \'None\' for a \'headless\' service (no loadbalancing).');
      if (sub === 'nodeport') c.option('--node-port <port>', 'Port used to expose the service on each node in a cluster.', intFlag('--node-port'), 0);
      if (sub === 'externalname') c.option('--external-name <name>', 'External name of service');
      withGlobals(namespaced(outputFlags(c.action(action(async () => (await import('./commands/create-service.js')).runCreateService)))));
    }
  }

  if (wanted('expose')) {
    withGlobals(
      namespaced(
        outputFlags(
          program
            .command('expose')
            .description('Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service')
            .argument('[args...]')
            .option('-f, --filename <file>', 'Filename, directory, or URL to files identifying the resource to expose a service', collect)
            .option('-R, --recursive', 'Process the directory used in -f, --filename recursively.')
            .option('--port <port>', 'The port that the service should serve on.')
            .option('--target-port <port>', 'Name or number for the port on the container that the service should direct traffic to.')
            .option('--name <name>', 'The name for the newly created object.')
            .option('--type <type>', "Type for this service: ClusterIP, NodePort, LoadBalancer, or ExternalName. Default is 'ClusterIP'.")
            .option('--protocol <protocol>', 'The network protocol for the service to be created. Default is \'TCP\'.')
            .option('--selector <selector>', 'A label selector to use for this service. Only equality-based selector requirements are supported.')
            .option('-l, --labels <labels>', 'Labels to apply to the service created by this call.')
            .option('--external-ip <ip>', 'Additional external IP address (not managed by Kubernetes) to accept for the service.')
            .option('--cluster-ip <ip>', "ClusterIP to be assigned to the service. Leave empty to auto-allocate, or set to 'None' to create a headless service.")
            .option('--session-affinity <affinity>', "If non-empty, set the session affinity for the service to this; legal values: 'None', 'ClientIP'")
            .option('--load-balancer-ip <ip>', 'IP to assign to the LoadBalancer. If empty, an ephemeral IP will be created and used (cloud-provider specific).')
            .option('--override-type <type>', "The method used to override the generated object: json, merge, or strategic.", 'merge')
            .option('--overrides <json>', 'An inline JSON override for the generated object.')
            .option('--save-config', 'If true, the configuration of current object will be saved in its annotation.')
            .option('--field-manager <name>', 'Name of the manager used to track field ownership.', 'kubectl-expose')
            .option('--allow-missing-template-keys <bool>', 'If true, ignore any errors in templates when a field or map key is missing in the template.', boolFlag('--allow-missing-template-keys'), true)
            .option('--show-managed-fields', 'If true, keep the managedFields when printing objects in JSON or YAML format.')
            .action(action(async () => (await import('./commands/expose.js')).runExpose)),
        ),
      ),
    );
  }

  // exec, ssh, logs, curl: the simulated containers. kubectl's ArgsLenAtDash (where `--` was) is
  // recovered from the raw argv, since commander drops the `--` itself.
  const dashIndex = (cmd: Command): number => {
    const raw = (program as unknown as { rawArgs?: string[] }).rawArgs ?? [];
    const at = raw.indexOf('--');
    return at < 0 ? -1 : cmd.args.length - (raw.length - at - 1);
  };
  const markDash = (_self: Command, actionCmd: Command) => void actionCmd.setOptionValue('dashIndex', dashIndex(actionCmd));
  if (wanted('exec')) {
    withGlobals(
      namespaced(
        program
          .command('exec')
          .description('Execute a command in a container (simulated: never a host process)')
          .argument('[args...]')
          .option('-c, --container <name>', 'Container name. If omitted, use the kubectl.kubernetes.io/default-container annotation for selecting the container to be attached or the first container in the pod will be chosen')
          .option('-i, --stdin', 'Pass stdin to the container')
          .option('-t, --tty', 'Stdin is a TTY')
          .option('-q, --quiet', 'Only print output from the remote session')
          .option('--trace', 'After the output, print each network hop the command made (kubesim only)')
          .hook('preAction', markDash)
          .action(action(async () => (await import('./commands/exec.js')).runExec)),
      ),
    );
  }
  if (wanted('ssh')) {
    withGlobals(
      program
        .command('ssh')
        .description('Run a command on a node, like `minikube ssh` (kubesim only; simulated)')
        .argument('[args...]')
        .option('-n, --node <name>', 'The node to run on (default: the control plane)')
        .option('--trace', 'After the output, print each network hop the command made')
        .hook('preAction', markDash)
        .action(action(async () => (await import('./commands/ssh.js')).runSsh)),
    );
  }
  if (wanted('logs')) {
    withGlobals(
      namespaced(
        program
          .command('logs')
          .description('Print the logs for a container in a pod')
          .argument('[args...]')
          .option('-c, --container <name>', 'Print the logs of this container')
          .option('--tail <n>', 'Lines of recent log file to display. Defaults to -1 with no selector, showing all log lines otherwise 10, if a selector is provided.', intFlag('--tail'))
          .option('-l, --selector <selector>', 'Selector (label query) to filter on.')
          .option('--prefix', 'Prefix each log line with the log source (pod name and container name)')
          .option('--all-containers', 'Get all containers\' logs in the pod(s).')
          .option('-f, --follow', 'Specify if the logs should be streamed (kubesim prints what is there and exits).')
          .option('-p, --previous', 'If true, print the logs for the previous instance of the container in a pod if it exists.')
          .option('--timestamps', 'Include timestamps on each line in the log output')
          .option('--max-log-requests <n>', 'Specify maximum number of concurrent logs to follow when using by a selector. Defaults to 5.', intFlag('--max-log-requests'), 5)
          .action(action(async () => (await import('./commands/logs.js')).runLogs)),
      ),
    );
  }
  if (wanted('curl')) {
    withGlobals(
      namespaced(
        program
          .command('curl')
          .description('Send one HTTP request (or --count N) like curl, from a pod, a node or outside the cluster (kubesim only)')
          .argument('[args...]')
          .option('--from <vantage>', 'Where the request starts: pod/NAME, node/NAME or outside (default: outside)')
          .option('--count <n>', 'Send N requests and print which pods answered', intFlag('--count'))
          .option('--trace', 'After the output, print each network hop of the request')
          .allowUnknownOption()
          .hook('preAction', markDash)
          .action(action(async () => (await import('./commands/curl.js')).runCurl)),
      ),
    );
  }

  if (wanted('port-forward')) {
    // port-forward (issue 5)
    withGlobals(
      namespaced(
        program
          .command('port-forward')
          .description('Forward one or more local ports to a pod')
          .argument('[args...]')
          .option('--address <addresses>', 'Addresses to listen on (comma separated). Only accepts IP addresses or localhost as a value. When localhost is supplied, kubesim will try to bind on both 127.0.0.1 and ::1 and will fail if neither of these addresses are available to bind.', collect)
          .option('--pod-running-timeout <duration>', 'The length of time (like 5s, 2m, or 3h, higher than zero) to wait until at least one pod is running', '1m0s')
          .action(action(async () => (await import('./commands/port-forward.js')).runPortForward)),
      ),
    );
  }

  if (wanted('diagnose')) {
    // diagnose (issue 6): kubesim's report on a Service, Pod or Deployment; exit 1 when a finding is an error
    withGlobals(
      namespaced(
        program
          .command('diagnose')
          .description('Explain what works and what does not for a service, pod or deployment, with evidence and fixes (kubesim only; exit 1 when a finding is an error)')
          .argument('[args...]')
          .option('-A, --all-namespaces', 'If present, diagnose the named object(s) in every namespace (or every object of the type).')
          .option('-o, --output <format>', 'Output format. One of: (text, json).')
          .action(action(async () => (await import('./commands/diagnose.js')).runDiagnose)),
      ),
    );
  }

  if (wanted('describe')) {
    withGlobals(
      namespaced(
        program
          .command('describe')
          .description('Show details of a specific resource or group of resources')
          .argument('[args...]')
          .option('-f, --filename <file>', 'Filename, directory, or URL to files containing the resource to describe', collect)
          .option('-A, --all-namespaces', 'If present, list the requested object(s) across all namespaces.')
          .option('-l, --selector <selector>', 'Selector (label query) to filter on.')
          .option('--show-events <bool>', 'If true, display events related to the described object.', boolFlag('--show-events'), true)
          .action(action(async () => (await import('./commands/describe.js')).runDescribe)),
      ),
    );
  }

  if (wanted('delete')) {
    withGlobals(
      namespaced(
        program
          .command('delete')
          .description('Delete resources by file names, stdin, resources and names, or by resources and label selector')
          .argument('[args...]')
          .option('-f, --filename <file>', 'containing the resource to delete.', collect)
          .option('-R, --recursive', 'Process the directory used in -f, --filename recursively.')
          .option('-l, --selector <selector>', 'Selector (label query) to filter on.')
          .option('--all', 'Delete all resources, in the namespace of the specified resource types.')
          .option('-A, --all-namespaces', 'If present, list the requested object(s) across all namespaces.')
          .option('--ignore-not-found', 'Treat "resource not found" as a successful delete.')
          .option('--cascade <mode>', 'Must be "background", "orphan", or "foreground".', 'background')
          .option('--grace-period <seconds>', 'Period of time in seconds given to the resource to terminate gracefully.', intFlag('--grace-period'), -1)
          .option('--force', 'If true, immediately remove resources from API and bypass graceful deletion.')
          .option('--wait <bool>', 'If true, wait for resources to be gone before returning.', boolFlag('--wait'), true)
          .option('--now', 'If true, resources are signaled for immediate shutdown (same as --grace-period=1).')
          .option('-o, --output <format>', 'Output mode. Use "-o name" for shorter output (resource/name).')
          .option('--dry-run [strategy]', 'Must be "none", "server", or "client".', 'none')
          .action(action(async () => (await import('./commands/delete.js')).runDelete)),
      ),
    );
  }

  if (wanted('scale')) {
    withGlobals(
      namespaced(
        program
          .command('scale')
          .description('Set a new size for a deployment, replica set, or stateful set')
          .argument('[args...]')
          .option('-f, --filename <file>', 'Filename, directory, or URL to a file identifying the resource to set a new size', collect)
          .option('--replicas <n>', 'The new desired number of replicas. Required.', intFlag('--replicas'))
          .option('--current-replicas <n>', 'Precondition for current size.', intFlag('--current-replicas'), -1)
          .option('-l, --selector <selector>', 'Selector (label query) to filter on.')
          .option('--all', 'Select all resources in the namespace of the specified resource types')
          .option('-o, --output <format>', 'Output format. One of: (json, yaml, name).')
          .option('--dry-run [strategy]', 'Must be "none", "server", or "client".', 'none')
          .action(action(async () => (await import('./commands/scale.js')).runScale)),
      ),
    );
  }

  if (wanted('label')) {
    withGlobals(
      namespaced(
        program
          .command('label')
          .description('Update the labels on a resource')
          .argument('[args...]')
          .option('--overwrite', 'If true, allow labels to be overwritten, otherwise reject label updates that overwrite existing labels.')
          .option('-l, --selector <selector>', 'Selector (label query) to filter on.')
          .option('--all', 'Select all resources, in the namespace of the specified resource types')
          .option('-A, --all-namespaces', 'If true, check the specified action in all namespaces.')
          .option('--list', 'If true, display the labels for a given resource.')
          .option('-o, --output <format>', 'Output format. One of: (json, yaml, name).')
          .option('--dry-run [strategy]', 'Must be "none", "server", or "client".', 'none')
          .action(action(async () => (await import('./commands/label.js')).runLabel)),
      ),
    );
  }

  // wait, rollout, completion (issue 6)
  if (wanted('wait')) {
    withGlobals(
      namespaced(
        program
          .command('wait')
          .description('Experimental: Wait for a specific condition on one or many resources')
          .argument('[args...]')
          .option('--for <condition>', 'The condition to wait on: [create|delete|condition=condition-name[=condition-value]|jsonpath=\'{JSONPath expression}\'=[JSONPath value]].')
          .option('--timeout <duration>', 'The length of time to wait before giving up. Zero means check once and don\'t wait, negative means wait for a week.', '30s')
          .option('-l, --selector <selector>', 'Selector (label query) to filter on.')
          .option('--field-selector <selector>', 'Selector (field query) to filter on.')
          .option('--all', 'Select all resources in the namespace of the specified resource types')
          .option('-A, --all-namespaces', 'If present, list the requested object(s) across all namespaces.')
          .option('-f, --filename <file>', 'identifying the resource.', collect)
          .option('-R, --recursive', 'Process the directory used in -f, --filename recursively.')
          .option('-o, --output <format>', 'Output format. One of: (json, yaml, name, jsonpath, jsonpath-as-json, custom-columns).')
          .action(action(async () => (await import('./commands/wait.js')).runWait)),
      ),
    );
  }
  if (wanted('rollout')) {
    const rollout = program.command('rollout').description('Manage the rollout of a resource');
    withGlobals(
      namespaced(
        rollout
          .command('status')
          .description('Show the status of the rollout')
          .argument('[args...]')
          .option('-w, --watch [bool]', 'Watch the status of the rollout until it\'s done.', true)
          .option('--timeout <duration>', 'The length of time to wait before ending watch, zero means never.')
          .option('--revision <n>', 'Pin to a specific revision for showing its status. Defaults to 0 (last revision).', intFlag('--revision'), 0)
          .action(action(async () => (await import('./commands/rollout.js')).runRolloutStatus)),
      ),
    );
    withGlobals(
      namespaced(
        rollout
          .command('history')
          .description('View rollout history')
          .argument('[args...]')
          .option('--revision <n>', 'See the details, including podTemplate of the revision specified', intFlag('--revision'), 0)
          .action(action(async () => (await import('./commands/rollout.js')).runRolloutHistory)),
      ),
    );
    withGlobals(namespaced(rollout.command('restart').description('Restart a resource').argument('[args...]').action(action(async () => (await import('./commands/rollout.js')).runRolloutRestart))));
    withGlobals(
      namespaced(
        rollout
          .command('undo')
          .description('Undo a previous rollout')
          .argument('[args...]')
          .option('--to-revision <n>', 'The revision to rollback to. Default to 0 (last revision).', intFlag('--to-revision'), 0)
          .action(action(async () => (await import('./commands/rollout.js')).runRolloutUndo)),
      ),
    );
  }
  if (wanted('api-resources')) {
    withGlobals(
      program
        .command('api-resources')
        .description('Print the supported API resources on the server')
        .argument('[args...]')
        .option('-o, --output <format>', 'Output format. One of: (wide, name).')
        .option('--namespaced [bool]', 'If false, non-namespaced resources will be returned, otherwise returning namespaced resources by default.', boolFlag('--namespaced'))
        .option('--api-group <group>', 'Limit to resources in the specified API group.')
        .option('--verbs <verbs>', 'Limit to resources that support the specified verbs.', collect)
        .option('--sort-by <field>', "If non-empty, sort list of resources using specified field. The field can be either 'name' or 'kind'.")
        .option('--no-headers', "When using the default or custom-column output format, don't print headers (default print headers).")
        .option('--cached', 'Use the cached list of resources if available.')
        .action(action(async () => (await import('./commands/api-resources.js')).runApiResources)),
    );
  }
  if (wanted('completion')) {
    withGlobals(program.command('completion').description('Output shell completion code for the specified shell (bash or zsh)').argument('[shell...]').action(action(async () => (await import('./commands/completion.js')).runCompletion)));
  }
  if (wanted('__complete')) {
    program
      .command('__complete', { hidden: true })
      .argument('[words...]')
      .helpOption(false)
      .allowUnknownOption()
      .allowExcessArguments()
      .action(async (...params: unknown[]) => {
        const cmd = params[params.length - 1] as Command;
        await run(async () => (await import('./commands/completion.js')).runComplete, cmd.args, { program });
      });
  }

  if (wanted('validate')) {
    // validate (issue 6): offline checks of a set of manifests
    withGlobals(
      program
        .command('validate')
        .description('Check manifests offline: schema, the API\'s validation and cross-object references (kubesim only)')
        .option('-f, --filename <file>', 'Filename, directory, or - for stdin, of the manifests to check.', collect)
        .option('-R, --recursive', 'Process the directory used in -f, --filename recursively.')
        .option('-o, --output <format>', 'Output format. One of: (text, json, junit, tap, sarif).', 'text')
        .option('--summary', 'Print a summary line (text, tap): N resources in M files: X errors, Y warnings.')
        .option('-n, --namespace <namespace>', 'The namespace of objects that name none (default "default").')
        .addOption(new Option('--internal-shard').hideHelp())
        .action(action(async () => (await import('./commands/validate.js')).runValidate)),
    );
  }

  if (wanted('check')) {
    // check (issue 6): apply manifests to a throwaway cluster and run declarative assertions
    withGlobals(
      program
        .command('check')
        .description('Apply manifests to a throwaway cluster in memory and run the assertions of a checks file; a test report, exit 1 on any failure (kubesim only)')
        .option('-f, --filename <file>', 'Filename, directory, or - for stdin, of the manifests to apply.', collect)
        .option('-R, --recursive', 'Process the directory used in -f, --filename recursively.')
        .option('--checks <file>', 'The YAML file of checks to run (see README: CI checks with `kubesim check`).')
        .option('-o, --output <format>', 'Output format. One of: (text, json, junit, tap).', 'text')
        .option('--cluster <name>', 'Start from an in-memory copy of this existing cluster instead of a throwaway one (the cluster itself is never changed).')
        .option('-n, --namespace <namespace>', 'The namespace of manifests and checks that name none (default "default").')
        .action(action(async () => (await import('./commands/check.js')).runCheck)),
    );
  }

  if (wanted('cluster')) {
    const cluster = program.command('cluster').description('Create, delete, list and switch simulated clusters (kubesim only)');
    withGlobals(
      cluster
        .command('create')
        .description('Create a simulated cluster and make it the current context')
        .argument('[name]')
        .option('--nodes <n>', 'Number of nodes (the first is the control plane).', intFlag('--nodes'), 3)
        .option('--seed <seed>', 'Seed of the cluster\'s random source (env KUBESIM_SEED).')
        .option('--load-balancer-pool <cidr>', 'Give LoadBalancer Services ingress IPs from this CIDR, like MetalLB.')
        .action(action(async () => (await import('./commands/cluster.js')).runClusterCreate)),
    );
    withGlobals(cluster.command('delete').description('Delete a simulated cluster and its context').argument('[name]').action(action(async () => (await import('./commands/cluster.js')).runClusterDelete)));
    withGlobals(cluster.command('list').description('List the simulated clusters').action(action(async () => (await import('./commands/cluster.js')).runClusterList)));
    withGlobals(cluster.command('use').description('Make a cluster the current context').argument('[name]').action(action(async () => (await import('./commands/cluster.js')).runClusterUse)));
    withGlobals(cluster.command('info').description('Show the current cluster\'s shape and settings').argument('[name]').action(action(async () => (await import('./commands/cluster.js')).runClusterInfo)));
    withGlobals(
      cluster
        .command('set')
        .description('Change a setting of the current cluster (e.g. --load-balancer-pool)')
        .option('--load-balancer-pool <cidr>', 'Turn the simulated load-balancer provider on with this pool ("" turns it off).')
        .action(action(async () => (await import('./commands/cluster.js')).runClusterSet)),
    );
  }

  if (wanted('config')) {
    const config = program.command('config').description('Modify kubesim contexts (kubectl config)');
    withGlobals(config.command('current-context').description('Display the current-context').action(action(async () => (await import('./commands/config.js')).runCurrentContext)));
    withGlobals(
      config
        .command('get-contexts')
        .description('Describe one or many contexts')
        .argument('[name]')
        .option('--no-headers', 'When using the default or custom-column output format, don\'t print headers.')
        .option('-o, --output <format>', 'Output format. One of: (name).')
        .action(action(async () => (await import('./commands/config.js')).runGetContexts)),
    );
    withGlobals(config.command('use-context').alias('use').description('Set the current-context').argument('[name]').action(action(async () => (await import('./commands/config.js')).runUseContext)));
    withGlobals(
      config
        .command('set-context')
        .description('Set a context entry')
        .argument('[name]')
        .option('--current', 'Modify the current context')
        .option('--namespace <namespace>', 'namespace for the context entry')
        .option('--cluster <cluster>', 'cluster for the context entry')
        .action(action(async () => (await import('./commands/config.js')).runSetContext)),
    );
    withGlobals(
      config
        .command('view')
        .description('Display merged kubeconfig settings')
        .option('-o, --output <format>', 'Output format. One of: (json, yaml).', 'yaml')
        .option('--minify', 'Remove all information not used by current-context from the output')
        .action(action(async () => (await import('./commands/config.js')).runConfigView)),
    );
  }

  return program;
}

function commandPath(cmd: Command | undefined): string {
  const names: string[] = [];
  for (let c: Command | null | undefined = cmd; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** Find the deepest subcommand named by argv (for messages such as `See 'kubesim get --help'`). */
function targetCommand(program: Command, argv: string[]): Command {
  let cmd = program;
  for (const a of argv) {
    if (a.startsWith('-')) continue;
    const sub = cmd.commands.find((c) => c.name() === a || c.aliases().includes(a));
    if (!sub) break;
    cmd = sub;
  }
  return cmd;
}

/**
 * The top-level verb argv names (`get` in `kubesim --state f get svc`), if any. Only the program's
 * own flags may come before it: after anything else (`kubesim --help get`) the program answers.
 */
export function verbOf(argv: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--state' || a === '--context' || a === '-n' || a === '--namespace') i++; // their value follows
    else if (/^(--(state|context|namespace)=|-n.)/.test(a) || a === '--no-hints' || a === '--no-progress') continue;
    else return /^[a-z][a-z-]*$/.test(a) ? a : undefined;
  }
  return undefined;
}

/**
 * Run kubesim with argv. `overrides` replace parts of the runtime (streams, environment, clock),
 * so tests and other front ends can run commands in-process; bin.ts runs it for the real CLI.
 */
export async function main(argv: string[], overrides: Partial<Runtime> = {}): Promise<number> {
  let rt: Runtime;
  try {
    rt = { ...createRuntime(argv, overrides.env), ...overrides };
  } catch (err) {
    process.stderr.write(`${err instanceof KubesimError ? err.render() : String(err)}\n`);
    return 1;
  }
  let exitCode = 0;
  const run = async (load: () => Promise<CommandFn>, args: string[], opts: Opts) => {
    const fn = await load();
    const rc = await fn(rt, args, opts);
    exitCode = typeof rc === 'number' ? rc : 0;
  };
  let program = buildProgram(rt, run, verbOf(argv));
  if (program.commands.length === 0) program = buildProgram(rt, run); // not a verb: help, errors and suggestions need them all
  const all: Command[] = [];
  const walk = (c: Command) => {
    all.push(c);
    c.commands.forEach(walk);
  };
  walk(program);
  for (const c of all) {
    c.exitOverride();
    c.configureOutput({ writeOut: (s) => rt.stdout.write(s), writeErr: () => undefined });
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
      if (err.code === 'commander.executeSubCommandAsync') return 1;
      return printError(rt, fromCommanderError(err, commandPath(targetCommand(program, argv)), argv));
    }
    return printError(rt, err);
  }
  return exitCode;
}
