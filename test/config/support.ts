import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ConfigError, loadConfigWithSources, LoadedConfig } from '../../lib/config/load';
import { HardenedConfig } from '../../lib/config/types';
import { ConfigProblem } from '../../lib/config/validate';

/**
 * The configuration's entry as the CLI drives it: context values exactly as `cdk synth -c
 * key=value` delivers them (strings), a file named by `-c config=…`, the `hardened` context object.
 */
export interface CliSources {
  /** The content of a file passed as `-c config=<file>`. */
  readonly file?: unknown;
  /** Other context values (`hardened`, `authPattern`), as given. */
  readonly context?: Record<string, unknown>;
}

let fileCount = 0;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-config-test-'));

export function writeConfigFile(content: unknown): string {
  const file = path.join(dir, `config-${++fileCount}.json`);
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return file;
}

export function load(sources: CliSources): LoadedConfig {
  const context: Record<string, unknown> = { ...(sources.context ?? {}) };
  if (sources.file !== undefined) context.config = writeConfigFile(sources.file);
  return loadConfigWithSources({ context: (key) => context[key] });
}

export function loadFile(file: unknown): HardenedConfig {
  return load({ file }).config;
}

/** The problems `loadConfig` reports for these sources (fails the test when it accepts them). */
export function problemsOf(sources: CliSources): ConfigProblem[] {
  try {
    load(sources);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  throw new Error('expected the configuration to be rejected');
}
