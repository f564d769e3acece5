/**
 * `kubesim completion bash|zsh` and the hidden `kubesim __complete ARGS… CURRENT` behind them.
 *
 * The scripts are small and never go stale: at every TAB they run `kubesim __complete` with the
 * words typed so far, and that walks the commander program tree (commands, aliases, flags) built
 * by main.ts, then adds what only a cluster knows: resource types and short names, object names
 * (as `kubesim get TYPE -o name` would list them, read straight from the state file, which is
 * never created by completing), namespaces, clusters and contexts. Candidates are printed one per
 * line, already filtered by the current word's prefix.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { Runtime } from '../runtime.js';
import { currentNamespace, stateLocation } from '../runtime.js';
import { KubesimError } from '../../errors.js';
import { RESOURCES, resolveResource, type ResourceInfo } from '../../api/resources.js';
import { Cluster } from '../../store/cluster-state.js';
import { readStateFile } from '../../store/state-file.js';

// ---------------------------------------------------------------------------------------------
// The command tree as plain data

export interface OptionSpec {
  short?: string;
  long?: string;
  /** `<value>` options: the next word is their value. */
  takesValue: boolean;
  hidden: boolean;
}

export interface CommandSpec {
  name: string;
  aliases: string[];
  hidden: boolean;
  options: OptionSpec[];
  commands: CommandSpec[];
  /** Names of the declared positional arguments (`args`, `name`, `shell`…). */
  args: string[];
  /** Path from the root, root excluded (`['rollout', 'status']`). */
  path: string[];
}

export function commandSpec(cmd: Command, path: string[] = []): CommandSpec {
  const hidden = (cmd as unknown as { _hidden?: boolean })._hidden === true || cmd.name().startsWith('__');
  return {
    name: cmd.name(),
    aliases: cmd.aliases(),
    hidden,
    options: cmd.options.map((o) => ({ short: o.short, long: o.long, takesValue: o.required, hidden: o.hidden })),
    commands: cmd.commands.map((c) => commandSpec(c, [...path, c.name()])),
    args: cmd.registeredArguments.map((a) => a.name()),
    path,
  };
}

// ---------------------------------------------------------------------------------------------
// Completing

/** What completion may read from the outside: names known to the cluster and the preferences. */
export interface CompletionSource {
  /** Object names of a resource in a namespace (undefined = all namespaces). */
  names(resource: ResourceInfo, namespace: string | undefined): string[];
  namespaces(): string[];
  defaultNamespace: string;
  clusters(): string[];
  contexts(): string[];
}

const OUTPUT_FORMATS = ['json', 'yaml', 'name', 'wide', 'jsonpath=', 'jsonpath-as-json=', 'custom-columns=', 'custom-columns-file='];

/** Positional completers for commands whose arguments are not `TYPE NAME…`. */
type Positional = (state: WalkState, cur: string, src: CompletionSource) => string[];

interface WalkState {
  cmd: CommandSpec;
  positionals: string[];
  namespace?: string;
  allNamespaces: boolean;
  /** The option whose value is being typed. */
  pendingValue?: OptionSpec;
}

function findOption(cmd: CommandSpec, root: CommandSpec, flag: string): OptionSpec | undefined {
  const match = (o: OptionSpec) => o.long === flag || o.short === flag;
  return cmd.options.find(match) ?? root.options.find(match);
}

function walk(root: CommandSpec, words: string[]): WalkState {
  const st: WalkState = { cmd: root, positionals: [], allNamespaces: false };
  let dashdash = false;
  for (const w of words) {
    if (st.pendingValue) {
      if (isNamespaceOption(st.pendingValue)) st.namespace = w;
      st.pendingValue = undefined;
      continue;
    }
    if (!dashdash && w === '--') {
      dashdash = true;
      continue;
    }
    if (!dashdash && w.length > 1 && w.startsWith('-')) {
      const eq = w.indexOf('=');
      const flag = eq < 0 ? w : w.slice(0, eq);
      const opt = findOption(st.cmd, root, flag);
      if (opt && isNamespaceOption(opt) && eq >= 0) st.namespace = w.slice(eq + 1);
      if (opt?.long === '--all-namespaces') st.allNamespaces = true;
      if (opt?.takesValue && eq < 0) st.pendingValue = opt;
      continue;
    }
    if (st.positionals.length === 0) {
      const sub = st.cmd.commands.find((c) => c.name === w || c.aliases.includes(w));
      if (sub) {
        st.cmd = sub;
        continue;
      }
    }
    st.positionals.push(w);
  }
  return st;
}

function isNamespaceOption(o: OptionSpec): boolean {
  return o.long === '--namespace';
}

/** `pods`, `po`, `services`, `svc`… (plural names first, then short names). */
function resourceTypeWords(): string[] {
  return [...RESOURCES.map((r) => r.resource), ...RESOURCES.flatMap((r) => r.shortNames)];
}

function objectNames(st: WalkState, r: ResourceInfo, src: CompletionSource): string[] {
  const ns = !r.namespaced || st.allNamespaces ? undefined : (st.namespace ?? src.defaultNamespace);
  return [...new Set(src.names(r, ns))];
}

/** `TYPE[,TYPE…] [NAME…]` or `TYPE/NAME…` (get, describe, delete, label, scale, wait, expose…). */
function resourceArgs(st: WalkState, cur: string, src: CompletionSource, types: string[] = resourceTypeWords()): string[] {
  const slash = cur.indexOf('/');
  if (slash >= 0) {
    const r = resolveResource(cur.slice(0, slash));
    return r ? objectNames(st, r, src).map((n) => `${cur.slice(0, slash)}/${n}`) : [];
  }
  const first = st.positionals[0];
  if (first === undefined || first.includes('/')) {
    const comma = cur.lastIndexOf(',');
    const head = comma < 0 ? '' : cur.slice(0, comma + 1);
    return types.map((t) => head + t);
  }
  const typed = first.split(',').filter(Boolean);
  if (typed.length !== 1) return [];
  const r = resolveResource(typed[0]);
  if (!r) return [];
  const given = new Set(st.positionals.slice(1));
  return objectNames(st, r, src).filter((n) => !given.has(n));
}

const POD = resolveResource('pods')!;

const POSITIONALS: Record<string, Positional> = {
  completion: (st) => (st.positionals.length === 0 ? ['bash', 'zsh'] : []),
  'cluster use': (st, _c, src) => (st.positionals.length === 0 ? src.clusters() : []),
  'cluster delete': (st, _c, src) => (st.positionals.length === 0 ? src.clusters() : []),
  'cluster info': (st, _c, src) => (st.positionals.length === 0 ? src.clusters() : []),
  'config use-context': (st, _c, src) => (st.positionals.length === 0 ? src.contexts() : []),
  'config set-context': (st, _c, src) => (st.positionals.length === 0 ? src.contexts() : []),
  'config get-contexts': (st, _c, src) => (st.positionals.length === 0 ? src.contexts() : []),
  'rollout status': (st, cur, src) => resourceArgs(st, cur, src, ['deployment', 'daemonset', 'statefulset']),
  'rollout history': (st, cur, src) => resourceArgs(st, cur, src, ['deployment', 'daemonset', 'statefulset']),
  'rollout restart': (st, cur, src) => resourceArgs(st, cur, src, ['deployment', 'daemonset', 'statefulset']),
  'rollout undo': (st, cur, src) => resourceArgs(st, cur, src, ['deployment', 'daemonset', 'statefulset']),
};
for (const podVerb of ['logs', 'exec', 'attach', 'port-forward']) {
  POSITIONALS[podVerb] = (st, cur, src) => {
    if (cur.includes('/')) return resourceArgs(st, cur, src);
    return st.positionals.length === 0 ? objectNames(st, POD, src) : [];
  };
}

/**
 * The candidates for the word being typed (`cur`) after `words` (the words between the program
 * name and `cur`), filtered by prefix.
 */
export function complete(root: CommandSpec, words: string[], cur: string, src: CompletionSource): string[] {
  const st = walk(root, words);
  let out: string[] = [];
  if (st.pendingValue) {
    if (isNamespaceOption(st.pendingValue)) out = src.namespaces();
    else if (st.pendingValue.long === '--output') out = OUTPUT_FORMATS;
  } else if (cur.startsWith('-')) {
    const opts = [...st.cmd.options, ...(st.cmd === root ? [] : root.options.filter((o) => !st.cmd.options.some((x) => x.long === o.long)))].filter((o) => !o.hidden);
    const longs = opts.map((o) => o.long).filter((x): x is string => Boolean(x));
    const shorts = cur.startsWith('--') ? [] : opts.map((o) => o.short).filter((x): x is string => Boolean(x));
    out = [...longs, '--help', ...shorts];
  } else {
    const subs = st.cmd.commands.filter((c) => !c.hidden);
    if (subs.length > 0 && st.positionals.length === 0) out = subs.map((c) => c.name);
    else {
      const special = POSITIONALS[st.cmd.path.join(' ')];
      if (special) out = special(st, cur, src);
      else if (st.cmd.args.includes('args')) out = resourceArgs(st, cur, src);
    }
  }
  return [...new Set(out)].filter((c) => c.startsWith(cur));
}

// ---------------------------------------------------------------------------------------------
// The CLI side

function clusterSource(rt: Runtime, namespaceFlag: string | undefined): CompletionSource {
  let cluster: Cluster | null | undefined;
  const open = (): Cluster | null => {
    if (cluster !== undefined) return cluster;
    try {
      const state = readStateFile(stateLocation(rt).path);
      cluster = state ? new Cluster(state, rt.clock) : null;
    } catch {
      cluster = null;
    }
    return cluster;
  };
  return {
    names: (r, ns) => open()?.list(r.kind, ns).map((o) => o.metadata.name) ?? [],
    namespaces: () => open()?.list('Namespace').map((o) => o.metadata.name) ?? [],
    defaultNamespace: currentNamespace(rt, namespaceFlag),
    clusters: () => {
      try {
        return readdirSync(join(rt.home, 'clusters'))
          .filter((f) => f.endsWith('.json'))
          .map((f) => f.slice(0, -'.json'.length))
          .sort();
      } catch {
        return [];
      }
    },
    contexts: () => Object.keys(rt.prefs.contexts).sort(),
  };
}

export interface CompletionOptions {
  /** The program tree (main.ts hands it over). */
  program: Command;
}

/** `kubesim __complete WORDS… CURRENT`: candidates one per line; never fails loudly. */
export async function runComplete(rt: Runtime, args: string[], opts: CompletionOptions): Promise<number> {
  try {
    const words = args.slice(0, -1);
    const cur = args.length > 0 ? args[args.length - 1] : '';
    const root = commandSpec(opts.program);
    const st = walk(root, words);
    const out = complete(root, words, cur, clusterSource(rt, st.namespace));
    if (out.length > 0) rt.stdout.write(out.join('\n') + '\n');
  } catch {
    // Completion must never print errors into the user's prompt.
  }
  return 0;
}

const HEADER = `# kubesim shell completion. Candidates come from \`kubesim __complete\` at every TAB:
# commands, flags, resource types and the names of objects in the current cluster.
`;

export function bashScript(): string {
  return `${HEADER}#
# Load it in the current shell:     source <(kubesim completion bash)
# Or for every session:             kubesim completion bash > ~/.local/share/bash-completion/completions/kubesim

_kubesim_complete() {
    local cur="\${COMP_WORDS[COMP_CWORD]}"
    local IFS=$'\\n'
    local out
    out=$("\${COMP_WORDS[0]}" __complete "\${COMP_WORDS[@]:1:COMP_CWORD-1}" "$cur" 2>/dev/null) || return 0
    COMPREPLY=()
    local c
    for c in $out; do
        COMPREPLY+=("$c")
    done
    # Values that end in '=' (e.g. -o jsonpath=) continue on the same word.
    if [[ \${#COMPREPLY[@]} -eq 1 && "\${COMPREPLY[0]}" == *= ]]; then
        compopt -o nospace 2>/dev/null
    fi
    return 0
}

complete -o default -F _kubesim_complete kubesim
`;
}

export function zshScript(): string {
  return `#compdef kubesim
compdef _kubesim kubesim

${HEADER}#
# Load it in the current shell:     source <(kubesim completion zsh)
# Or for every session:             kubesim completion zsh > "\${fpath[1]}/_kubesim"

_kubesim() {
    local cur="\${words[CURRENT]}"
    local out
    out=$("\${words[1]}" __complete "\${(@)words[2,CURRENT-1]}" "$cur" 2>/dev/null) || return 1
    [[ -z "$out" ]] && return 1
    local -a candidates
    candidates=("\${(@f)out}")
    local -a nospace plain
    local c
    for c in "\${candidates[@]}"; do
        if [[ "$c" == *= ]]; then nospace+=("$c"); else plain+=("$c"); fi
    done
    (( \${#plain} )) && compadd -- "\${plain[@]}"
    (( \${#nospace} )) && compadd -S '' -- "\${nospace[@]}"
    return 0
}

# Do not run the function when the script is sourced; run it when autoloaded from fpath.
if [ "$funcstack[1]" = "_kubesim" ]; then
    _kubesim "$@"
fi
`;
}

const usage = (msg: string) => new KubesimError(`${msg}\nSee 'kubesim completion -h' for help and examples`);

/** `kubesim completion SHELL`. */
export async function runCompletion(rt: Runtime, args: string[]): Promise<number> {
  if (args.length === 0) throw usage('Shell not specified.');
  if (args.length > 1) throw usage('Too many arguments. Expected only the shell type.');
  const shell = args[0];
  if (shell === 'bash') rt.stdout.write(bashScript());
  else if (shell === 'zsh') rt.stdout.write(zshScript());
  else throw usage(`Unsupported shell type ${JSON.stringify(shell)}.`);
  return 0;
}
