import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_CONFIG, DERIVED_DEFAULTS } from './defaults';
import { fieldsRemoved, fieldsSet, isPlainObject, mergeLayer, valueAt, withoutValueAt, withValueAt } from './merge';
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

/** What `loadConfig` merged: the configuration and the fields the user set. */
export interface LoadedConfig {
  readonly config: HardenedConfig;
  /** Dotted fields set by the context object, the file or a flag (`null` included). */
  readonly userFields: string[];
}

/** Merges the sources over the embedded default and validates once; throws ConfigError. */
export function loadConfig(sources: ConfigSources): HardenedConfig {
  return loadConfigWithSources(sources).config;
}

/** `loadConfig`, also telling which fields the user set. */
export function loadConfigWithSources(sources: ConfigSources): LoadedConfig {
  const problems: ConfigProblem[] = [];
  const layers: Record<string, unknown>[] = [];

  const inline = parseMaybeJson(sources.context(CONFIG_CONTEXT_KEYS.inline));
  if (inline !== undefined) {
    if (!isPlainObject(inline)) problems.push({ field: `context "${CONFIG_CONTEXT_KEYS.inline}"`, value: inline, allowed: 'a JSON object of configuration overrides' });
    else layers.push(inline);
  }

  const file = sources.context(CONFIG_CONTEXT_KEYS.file);
  if (file !== undefined) {
    const fromFile = readConfigFile(String(file), sources.cwd ?? process.cwd(), problems);
    if (fromFile !== undefined) layers.push(fromFile);
  }

  const pattern = sources.context(CONFIG_CONTEXT_KEYS.authPattern);
  if (pattern !== undefined) {
    const value = typeof pattern === 'string' && /^\d+$/.test(pattern) ? Number(pattern) : pattern;
    layers.push({ edge: { authPattern: value } });
  }

  const merged = mergeLayers(layers);
  const userFields = [...new Set(layers.flatMap((layer) => fieldsSet(layer)))];
  if (problems.length === 0) problems.push(...explainRemovals(validateConfig(merged, { userFields }), layers));
  if (problems.length > 0) throw new ConfigError(problems);
  return { config: merged as HardenedConfig, userFields };
}

/**
 * The embedded default with `layers` merged over it in order (see merge.ts for the rules), then
 * the derived defaults the layers left unset resolved from the merged result.
 */
export function mergeLayers(layers: readonly unknown[]): unknown {
  let base = DEFAULT_CONFIG as unknown as Record<string, unknown>;
  for (const path of Object.keys(DERIVED_DEFAULTS)) base = withoutValueAt(base, path);
  let merged = layers.reduce<unknown>((below, layer) => mergeLayer(below, layer), base);
  if (!isPlainObject(merged)) return merged;
  for (const [path, derive] of Object.entries(DERIVED_DEFAULTS)) {
    if (valueAt(merged, path) === undefined) merged = withValueAt(merged as Record<string, unknown>, path, derive(merged as Record<string, unknown>));
  }
  return merged;
}

/** A required field the user removed with `null` says so, rather than only "got undefined". */
function explainRemovals(problems: ConfigProblem[], layers: readonly unknown[]): ConfigProblem[] {
  const removed = new Set(layers.flatMap((layer) => fieldsRemoved(layer)));
  return problems.map((p) =>
    p.value === undefined && removed.has(p.field)
      ? { ...p, allowed: `${p.allowed} (null removes a default; this field has no default to fall back to)` }
      : p,
  );
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

/**
 * One layer over a base, by the loader's rules (merge.ts): objects merge key by key except
 * `edge.certificate`, which is replaced whole; lists and scalars replace; `null` removes.
 */
export function deepMerge(base: unknown, override: unknown): unknown {
  return mergeLayer(base, override);
}
