/**
 * Printing failures the way kubectl does, plus kubesim's own lines (position, hint) after them.
 * Commander's parse errors are reworded to cobra's (`unknown flag: --foo` …).
 */
import { CommanderError } from 'commander';
import { KubesimError } from '../errors.js';
import type { Runtime } from './runtime.js';
import { hintForError } from '../hints/error-hints.js';

/** kubesim's own lines after kubectl's message: where in the file, and a hint. */
export function printErrorExtras(rt: Runtime, err: KubesimError): void {
  if (err.position) rt.stderr.write(`at ${err.position.file}:${err.position.line}:${err.position.col}\n`);
  const hint = rt.hints ? hintForError(err) : undefined;
  if (hint) rt.stderr.write(`hint: ${hint}\n`);
}

export function printError(rt: Runtime, err: unknown): number {
  if (err instanceof KubesimError) {
    const text = err.render();
    if (text) rt.stderr.write(text.endsWith('\n') ? text : text + '\n');
    printErrorExtras(rt, err);
    return err.exitCode;
  }
  // An internal failure: say so plainly, never with a stack trace.
  const message = err instanceof Error ? err.message : String(err);
  rt.stderr.write(`error: internal error in kubesim: ${message}\n`);
  if (rt.hints) rt.stderr.write('hint: this is a kubesim bug; the state file was not changed by the failed command\n');
  return 1;
}

/** Translate a commander parse error into kubectl's wording. `argv` is the command line as typed. */
export function fromCommanderError(err: CommanderError, commandPath: string, argv: string[] = []): KubesimError {
  const msg = err.message.replace(/^error: /, '');
  const seeHelp = `See '${commandPath} --help' for usage.`;
  switch (err.code) {
    case 'commander.unknownOption': {
      const flag = /'([^']+)'/.exec(msg)?.[1] ?? msg;
      if (/^-[^-]/.test(flag)) return new KubesimError(`unknown shorthand flag: '${flag[1]}' in ${flag}\n${seeHelp}`);
      return new KubesimError(`unknown flag: ${flag.split('=')[0]}\n${seeHelp}`);
    }
    case 'commander.unknownCommand': {
      const name = /'([^']+)'/.exec(msg)?.[1] ?? msg;
      return new KubesimError(`unknown command "${name}" for "${commandPath}"`);
    }
    case 'commander.optionMissingArgument': {
      // The flag without its value is the last word typed; cobra names it as typed: 'o' in -o, --output.
      const typed = argv[argv.length - 1] ?? '';
      if (/^-[^-]$/.test(typed)) return new KubesimError(`flag needs an argument: '${typed[1]}' in ${typed}\n${seeHelp}`);
      const flag = /'([^']+)'/.exec(msg)?.[1] ?? '';
      const long = /--[\w-]+/.exec(flag)?.[0] ?? flag;
      return new KubesimError(`flag needs an argument: ${long}\n${seeHelp}`);
    }
    case 'commander.missingMandatoryOptionValue': {
      const flag = /--([\w-]+)/.exec(msg)?.[1] ?? msg;
      return new KubesimError(`required flag(s) "${flag}" not set`);
    }
    case 'commander.invalidArgument':
      // commander prefixes "option '--x <v>' argument 'abc' is invalid. " to our parser's text.
      return new KubesimError(`${msg.replace(/^option '[^']*' argument '[^']*' is invalid\. /, '')}\n${seeHelp}`);
    case 'commander.excessArguments':
      return new KubesimError(`${msg}\n${seeHelp}`);
    default:
      return new KubesimError(msg);
  }
}
