import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Template } from 'aws-cdk-lib/assertions';
import { readAssembly, AssemblyReport } from '../../lib/reporting/assembly';
import { cdkContext } from './context';

/**
 * The default configuration is synthesized ONCE per `jest` run (rule packs on). The test
 * sequencer (test-sequencer.js) starts that synthesis in a background process
 * (build-default-assembly.ts) as the run begins, when a selected file reads the assembly; every
 * reader waits for it and reads its templates instead of synthesizing again. Without the
 * sequencer (a single file run another way), the first reader synthesizes in-process.
 */
export const ASSEMBLY_DIR = path.join(os.tmpdir(), `hardened-stack-test-assembly-${process.env.HARDENED_TEST_RUN ?? 'local'}`);

const DONE = path.join(ASSEMBLY_DIR, '.complete');
const LOCK = `${ASSEMBLY_DIR}.lock`;
/** The process that holds the lock (and so is synthesizing) writes its id here. */
const OWNER = path.join(LOCK, 'pid');

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits for the process holding the lock to finish; fails at once if it died without finishing. */
function waitForOwner(): void {
  const deadline = Date.now() + 300_000;
  while (!fs.existsSync(DONE)) {
    const owner = Number(fs.existsSync(OWNER) ? fs.readFileSync(OWNER, 'utf8') : NaN);
    if (Number.isInteger(owner) && owner > 0 && !alive(owner) && !fs.existsSync(DONE)) {
      throw new Error(`the process synthesizing the shared assembly (pid ${owner}) exited without finishing it (${ASSEMBLY_DIR}); run the tests again`);
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for the shared assembly in ${ASSEMBLY_DIR}`);
    sleep(100);
  }
}

/** Synthesizes the default app unless this jest run already did or is doing it (a directory lock elects one process). */
export function ensureDefaultAssembly(): void {
  if (fs.existsSync(DONE)) return;
  try {
    fs.mkdirSync(LOCK);
  } catch {
    waitForOwner();
    return;
  }
  fs.writeFileSync(OWNER, String(process.pid));
  synthesizeDefaultAssembly();
}

/** Synthesizes the default app into ASSEMBLY_DIR and marks it done (or failed, with the error); the caller holds the lock. */
export function synthesizeDefaultAssembly(): void {
  // Loaded here so that test files that never need the whole app don't pay for it.
  const { App } = require('aws-cdk-lib') as typeof import('aws-cdk-lib');
  const { DEFAULT_CONFIG } = require('../../lib/config/defaults') as typeof import('../../lib/config/defaults');
  const { buildHardenedStacks } = require('../../lib/hardened-app') as typeof import('../../lib/hardened-app');
  const { registerRulePacks } = require('../../lib/nag/register') as typeof import('../../lib/nag/register');
  fs.rmSync(ASSEMBLY_DIR, { recursive: true, force: true });
  let failure: unknown;
  try {
    // As lib/synthesize.ts `synthesizeApp` (bundled functions, every rule pack), without CDK's
    // built-in CloudFormation schema validation: about 6 s of CPU per synthesis, and it only
    // throws, it never changes a template. `npm run synth` keeps it, and cfn-lint checks the
    // templates (CI, test/stacks/cfn-lint.integration.test.ts).
    const app = new App({ context: cdkContext(), outdir: ASSEMBLY_DIR, builtinCloudFormationValidation: false });
    buildHardenedStacks(app, DEFAULT_CONFIG);
    registerRulePacks(app);
    app.synth();
  } catch (e) {
    // Rule-pack findings throw after the assembly and its validation report are written; the
    // rule-pack test lists them. Anything else is a real failure.
    if (!fs.existsSync(path.join(ASSEMBLY_DIR, 'manifest.json'))) failure = e;
  }
  fs.mkdirSync(ASSEMBLY_DIR, { recursive: true });
  fs.writeFileSync(DONE, failure ? String((failure as Error).stack ?? failure) : 'ok');
  if (failure) throw failure;
}

let cached: AssemblyReport | undefined;
export function defaultAssembly(): AssemblyReport {
  ensureDefaultAssembly();
  const done = fs.readFileSync(DONE, 'utf8');
  if (done !== 'ok') throw new Error(`the default app failed to synthesize:\n${done}`);
  cached ??= readAssembly(ASSEMBLY_DIR);
  return cached;
}

const templates = new Map<string, any>();
/** The raw template of the stack whose id ends with `-<part>` (e.g. 'Network'). */
export function templateJson(part: string): any {
  const stack = defaultAssembly().stacks.find((s) => s.id.endsWith(`-${part}`));
  if (!stack) throw new Error(`no stack "*-${part}" in the default assembly (${defaultAssembly().stacks.map((s) => s.id).join(', ')})`);
  if (!templates.has(part)) templates.set(part, JSON.parse(fs.readFileSync(path.join(ASSEMBLY_DIR, stack.templateFile), 'utf8')));
  return templates.get(part);
}

export function template(part: string): Template {
  return Template.fromJSON(templateJson(part), { skipCyclicalDependenciesCheck: true });
}

/** Every template of the default assembly, by stack id. */
export function allTemplates(): Array<{ id: string; region: string; template: any }> {
  return defaultAssembly().stacks.map((s) => ({
    id: s.id,
    region: s.region,
    template: JSON.parse(fs.readFileSync(path.join(ASSEMBLY_DIR, s.templateFile), 'utf8')),
  }));
}

export function resourcesOfType(tpl: any, type: string): Array<[string, any]> {
  return Object.entries<any>(tpl.Resources ?? {}).filter(([, r]) => r.Type === type);
}
