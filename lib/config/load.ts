import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_CONFIG } from './defaults';
import { HardenedConfig } from './types';
import { ConfigProblem, formatProblem, validateConfig } from './validate';

/** Thrown when a configuration is invalid; carries every problem found, not only the first. */
export class ConfigError extends Error {
  constructor(public readonly problems: ConfigProblem[]) {
    super(
      `Invalid hardened-stack configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  - ${formatProblem(p)}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

/**
 * Where a configuration comes from, in increasing precedence (the CDK way):
 * - `hardened`: an object in `cdk.json` / `cdk.context.json` context;
 * - `config`: the path of a JSON file, `cdk synth -c config=prod.json`;
 * - `authPattern`: one flag to pick the authentication pattern, `-c authPattern=2`.
 */
export interface ConfigSources {
  /** Reads one context value (`app.node.tryGetContext`). */
  readonly context: (key: string) => unknown;
  /** Directory relative `config` paths are resolved against. @default process.cwd() */
  readonly cwd?: string;
}

export const CONFIG_CONTEXT_KEYS = { inline: 'hardened', file: 'config', authPattern: 'authPattern' } as const;

/** Merges the sources over the embedded default and validates once; throws ConfigError. */
export function loadConfig(sources: ConfigSources): HardenedConfig {
  const problems: ConfigProblem[] = [];
  let merged: unknown = DEFAULT_CONFIG;

  const inline = parseMaybeJson(sources.context(CONFIG_CONTEXT_KEYS.inline));
  if (inline !== undefined) {
    if (!isPlainObject(inline)) problems.push({ field: `context "${CONFIG_CONTEXT_KEYS.inline}"`, value: inline, allowed: 'a JSON object of configuration overrides' });
    else merged = deepMerge(merged, inline);
  }

  const file = sources.context(CONFIG_CONTEXT_KEYS.file);
  if (file !== undefined) {
    const fromFile = readConfigFile(String(file), sources.cwd ?? process.cwd(), problems);
    if (fromFile !== undefined) merged = deepMerge(merged, fromFile);
  }

  const pattern = sources.context(CONFIG_CONTEXT_KEYS.authPattern);
  if (pattern !== undefined) {
    const value = typeof pattern === 'string' && /^\d+$/.test(pattern) ? Number(pattern) : pattern;
    merged = deepMerge(merged, { edge: { authPattern: value } });
  }

  if (problems.length === 0) problems.push(...validateConfig(merged));
  if (problems.length > 0) throw new ConfigError(problems);
  return merged as HardenedConfig;
}

function readConfigFile(file: string, cwd: string, problems: ConfigProblem[]): Record<string, unknown> | undefined {
  const field = `context "${CONFIG_CONTEXT_KEYS.file}"`;
  const resolved = path.resolve(cwd, file);
  let text: string;
  try {
    text = fs.readFileSync(resolved, 'utf8');
  } catch {
    problems.push({ field, value: file, allowed: `the path of a readable JSON file (looked for ${resolved})` });
    return undefined;
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (isPlainObject(parsed)) return parsed;
    problems.push({ field, value: file, allowed: 'a file holding one JSON object' });
  } catch (e) {
    problems.push({ field, value: file, allowed: `a file of valid JSON (${(e as Error).message})` });
  }
  return undefined;
}

function parseMaybeJson(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Objects merge key by key; arrays and scalars in the override replace the base. */
export function deepMerge(base: unknown, override: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(override)) return override;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) out[key] = deepMerge(base[key], value);
  return out;
}
