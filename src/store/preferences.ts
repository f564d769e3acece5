/**
 * User preferences (current context, per-context namespace, colour), kept in a `conf` store
 * (`<KUBESIM_HOME>/config.json`). Reads parse that file directly — it is plain JSON — so the hot
 * path of every command avoids loading conf and its schema validator; writes go through conf.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CLUSTER } from './paths.js';
import { keyTable } from '../key-table.js';

export interface ContextPrefs {
  cluster: string;
  namespace?: string;
}

export interface Preferences {
  currentContext: string;
  contexts: Record<string, ContextPrefs>;
  colour?: 'auto' | 'always' | 'never';
}

export const PREFERENCES_FILE = 'config';

export function defaultPreferences(): Preferences {
  return { currentContext: DEFAULT_CLUSTER, contexts: keyTable({ [DEFAULT_CLUSTER]: { cluster: DEFAULT_CLUSTER, namespace: 'default' } }) };
}

export function readPreferences(home: string): Preferences {
  let text: string;
  try {
    text = readFileSync(join(home, `${PREFERENCES_FILE}.json`), 'utf8');
  } catch {
    return defaultPreferences();
  }
  try {
    const p = JSON.parse(text) as Partial<Preferences>;
    const base = defaultPreferences();
    return {
      currentContext: typeof p.currentContext === 'string' ? p.currentContext : base.currentContext,
      // Looked up by names users type (`config use-context valueOf`): no prototype to find them in.
      contexts: p.contexts && typeof p.contexts === 'object' ? keyTable(p.contexts) : base.contexts,
      colour: p.colour,
    };
  } catch {
    return defaultPreferences();
  }
}

/** Apply a change to the preferences through conf (atomic write, created 0600 under the home). */
export async function updatePreferences(home: string, change: (p: Preferences) => void): Promise<Preferences> {
  const { default: Conf } = await import('conf');
  const store = new Conf<Preferences>({ cwd: home, configName: PREFERENCES_FILE, defaults: defaultPreferences(), configFileMode: 0o600 });
  const prefs: Preferences = { currentContext: store.get('currentContext'), contexts: keyTable(store.get('contexts')), colour: store.get('colour') };
  change(prefs);
  store.set('currentContext', prefs.currentContext);
  store.set('contexts', prefs.contexts);
  if (prefs.colour) store.set('colour', prefs.colour);
  return prefs;
}
