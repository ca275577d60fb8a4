/**
 * Runs mutations (mutation.ts) against the real stacks and judges each one: killed when a rule
 * pack reports a finding the unmutated app does not have.
 *
 * Speed. Each mutation gets a fresh App (a tree-only one: no asset bundling, no schema
 * validation, nothing written to disk), built from the same configuration as the baseline; the
 * project's pack is run over the whole app (its rules are app-wide: a removed alarm is missed by
 * the load balancer it watched), the standard packs only over the stacks the mutation changed or
 * names as the finding's home (their rules look at one resource). Aspects (tags, the managed-policy
 * rewrite) are invoked on the tree the way synthesis would, so the packs see what they see in
 * `npm run synth`.
 */
import { App, AspectApplication, Aspects, CfnResource, Stack } from 'aws-cdk-lib';
import { NagPack } from 'cdk-nag';
import { IConstruct } from 'constructs';
import type { HardenedConfig } from '../config/types';
import { buildHardenedStacks, HardenedStacks } from '../hardened-app';
import { HardenedChecks } from '../nag/hardened-checks';
import { standardRulePacks } from '../nag/register';
import { renderView } from '../nag/engine/template-view';
import { optionalControlsConfig } from '../reporting/optional-controls';
import { treeOnlyApp } from '../synthesize';
import { Mutation, MutationBuild } from './mutation';

/** What became of one mutation. */
export type MutationOutcome = 'killed' | 'survived' | 'not-applied' | 'error';

export interface MutationResult {
  readonly id: string;
  readonly control: string;
  readonly change: string;
  readonly outcome: MutationOutcome;
  /** Construct paths the mutation changed. */
  readonly mutated: string[];
  /** New findings (`rule at path`) of the project's pack. */
  readonly hardenedFindings: string[];
  /** New findings of the standard packs (AwsSolutions, NIST, HIPAA, PCI, Serverless). */
  readonly standardFindings: string[];
  /** Whether a new finding is on a changed construct (or on the declared `findingOn` target). */
  readonly onMutatedResource: boolean;
  /** Whether a new finding is on a changed construct itself (not only on the declared target). */
  readonly onChangedConstruct: boolean;
  /** Why the finding is elsewhere, when the mutation declares it. */
  readonly findingElsewhere?: string;
  /** For `error` and `not-applied`: what went wrong. */
  readonly detail?: string;
  readonly durationMs: number;
  /** CPU time of this process spent on the mutation (wall time suffers on a shared machine). */
  readonly cpuMs: number;
}

interface Finding {
  readonly rule: string;
  readonly path: string;
  readonly standard: boolean;
}

interface Build {
  readonly app: App;
  readonly stacks: HardenedStacks;
}

/**
 * Invokes every aspect of the tree once, inherited from the ancestors in priority order, like
 * synthesis does (public API only: `Aspects.of(c).applied`).
 */
export function invokeAspects(root: IConstruct): void {
  const visit = (c: IConstruct, inherited: AspectApplication[]): void => {
    const here = [...inherited, ...Aspects.of(c).applied].sort((a, b) => a.priority - b.priority);
    for (const a of here) a.aspect.visit(c);
    for (const child of [...c.node.children]) visit(child, here);
  };
  visit(root, []);
}

function findingsOf(pack: NagPack, scope: IConstruct, standard: boolean): Finding[] {
  return pack.validateScope(scope).violations.flatMap((v) => v.violatingResources.map((r) => ({ rule: v.ruleName, path: r.constructPath ?? '', standard })));
}

const key = (f: Finding) => `${f.rule} at ${f.path}`;

/** A fingerprint of the stack's resources as they will be in the template (path → final properties). */
function fingerprint(stack: Stack): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of stack.node.findAll()) {
    if (CfnResource.isCfnResource(c) && Stack.of(c) === stack) out.set(c.node.path, JSON.stringify(renderView(c)));
  }
  return out;
}

function sameFingerprint(a: Map<string, string>, b: Map<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}

const asList = (x: IConstruct | IConstruct[]) => (Array.isArray(x) ? x : [x]);
const isUnder = (path: string, root: string) => path === root || path.startsWith(`${root}/`);

export interface MutationRunnerOptions {
  /** The configuration of the baseline (the default one in tests, the report's in `npm run report`). */
  readonly config: HardenedConfig;
  /** CDK context (cdk.json's). */
  readonly context: Record<string, unknown>;
}

/**
 * Judges mutations against a baseline built once per build flavour. Not safe to share between
 * jest workers; create one per process.
 */
export class MutationRunner {
  private readonly baselines = new Map<MutationBuild, { findings: Set<string>; fingerprints: Map<string, Map<string, string>> }>();

  constructor(private readonly options: MutationRunnerOptions) {}

  private build(flavour: MutationBuild): Build {
    const app = treeOnlyApp(this.options.context);
    const config = flavour === 'optional-controls' ? optionalControlsConfig(this.options.config) : this.options.config;
    const stacks = buildHardenedStacks(app, config);
    return { app, stacks };
  }

  private baseline(flavour: MutationBuild) {
    let b = this.baselines.get(flavour);
    if (!b) {
      const { app } = this.build(flavour);
      invokeAspects(app);
      const findings = [new HardenedChecks(), ...standardRulePacks()].flatMap((p) => findingsOf(p, app, !(p instanceof HardenedChecks)));
      const fingerprints = new Map<string, Map<string, string>>();
      for (const s of app.node.children) if (Stack.isStack(s)) fingerprints.set(s.node.path, fingerprint(s));
      b = { findings: new Set(findings.map(key)), fingerprints };
      this.baselines.set(flavour, b);
    }
    return b;
  }

  /** Findings of the unmutated build (acknowledged ones excluded), for the record. */
  public baselineFindings(flavour: MutationBuild = 'default'): string[] {
    return [...this.baseline(flavour).findings];
  }

  public run(m: Mutation): MutationResult {
    const started = Date.now();
    const cpu = process.cpuUsage();
    const flavour = m.build ?? 'default';
    const base = this.baseline(flavour);
    const result = (r: Omit<MutationResult, 'id' | 'control' | 'change' | 'durationMs' | 'cpuMs'>): MutationResult => {
      const used = process.cpuUsage(cpu);
      return { id: m.id, control: m.control, change: m.change, ...r, durationMs: Date.now() - started, cpuMs: Math.round((used.user + used.system) / 1000) };
    };
    let changed: IConstruct[];
    let expectedOn: IConstruct[];
    let app: App;
    try {
      const b = this.build(flavour);
      app = b.app;
      changed = asList(m.apply(b.stacks));
      expectedOn = m.findingOn ? asList(m.findingOn.target(b.stacks)) : [];
      invokeAspects(app);
    } catch (e) {
      return result({ outcome: 'error', mutated: [], hardenedFindings: [], standardFindings: [], onMutatedResource: false, onChangedConstruct: false, detail: (e as Error).message });
    }
    const mutated = changed.map((c) => c.node.path);
    const stacks = [...new Set([...changed, ...expectedOn].map((c) => Stack.of(c)))];
    const changedStacks = [...new Set(changed.map((c) => Stack.of(c)))];
    const applied = changedStacks.some((s) => !sameFingerprint(fingerprint(s), base.fingerprints.get(s.node.path) ?? new Map()));
    if (!applied) {
      return result({
        outcome: 'not-applied',
        mutated,
        hardenedFindings: [],
        standardFindings: [],
        onMutatedResource: false,
        onChangedConstruct: false,
        detail: `the templates of ${changedStacks.map((s) => s.node.path).join(', ')} are unchanged: the mutation applies to nothing`,
      });
    }
    const findings = [
      ...findingsOf(new HardenedChecks(), app, false),
      ...standardRulePacks().flatMap((p) => stacks.flatMap((s) => findingsOf(p, s, true))),
    ].filter((f) => !base.findings.has(key(f)));
    const homes = [...mutated, ...expectedOn.map((c) => c.node.path)];
    const onMutatedResource = findings.some((f) => homes.some((h) => isUnder(f.path, h)));
    const onChangedConstruct = findings.some((f) => mutated.some((h) => isUnder(f.path, h)));
    return result({
      outcome: findings.length > 0 ? 'killed' : 'survived',
      mutated,
      hardenedFindings: [...new Set(findings.filter((f) => !f.standard).map(key))],
      standardFindings: [...new Set(findings.filter((f) => f.standard).map(key))],
      onMutatedResource,
      onChangedConstruct,
      ...(m.findingOn ? { findingElsewhere: m.findingOn.why } : {}),
    });
  }
}

/** Every way a result falls short of the bar, as sentences (empty when it is killed). */
export function shortfalls(r: MutationResult): string[] {
  const out: string[] = [];
  if (r.outcome === 'error') out.push(`${r.id} (${r.control}) could not be applied: ${r.detail}`);
  if (r.outcome === 'not-applied') out.push(`${r.id} (${r.control}) does not apply: ${r.detail}`);
  if (r.outcome === 'survived') out.push(`${r.id} (${r.control}) survived: no rule pack reports it (${r.change})`);
  return out;
}

/** Throws, listing every shortfall, unless every result is killed. The suite's verdict. */
export function assertAllKilled(results: readonly MutationResult[]): void {
  const problems = results.flatMap(shortfalls);
  if (problems.length > 0) throw new Error(`${problems.length} of ${results.length} mutations fall short:\n${problems.join('\n')}`);
}

/** Share of killed mutations whose finding is on the changed resource (or on the declared `findingOn` target). */
export function onResourceShare(results: readonly MutationResult[]): number {
  const killed = results.filter((r) => r.outcome === 'killed');
  return killed.length === 0 ? 0 : killed.filter((r) => r.onMutatedResource).length / killed.length;
}
