/**
 * The mutation proof in the compliance report (issue #18): the results of the mutation suite
 * (lib/mutation, tests in test/mutation) attached to the judged controls. Each template control lists the mutations it
 * was proven against; one that was not killed (survived, did not apply, could not be applied)
 * FAILs the control. Kept apart from `judgeControls` so the judgement of the templates and the
 * proof of the rules stay separate steps.
 */
import type { ComplianceReport, ControlResult, ControlStatus } from './compliance';

/**
 * One mutation the control was proven against (the mutation suite, lib/mutation): a defect
 * applied to a fresh build of the stacks, and whether a rule pack reported it.
 */
export interface MutationEvidence {
  readonly id: string;
  readonly control: string;
  /** The defect, from a reviewer's point of view. */
  readonly change: string;
  readonly outcome: 'killed' | 'survived' | 'not-applied' | 'error';
  /** New findings of the project's pack (`rule at path`). */
  readonly hardenedFindings: readonly string[];
  /** New findings of the standard packs. */
  readonly standardFindings: readonly string[];
  /** A new finding is on the changed resource, or on the resource the mutation names (`findingElsewhere` says why). */
  readonly onMutatedResource: boolean;
  /** A new finding is on the changed resource itself. */
  readonly onChangedConstruct?: boolean;
  readonly findingElsewhere?: string;
  readonly detail?: string;
}

/** How many mutations a control was proven against, and how many were killed. */
export interface ControlMutations {
  readonly proven: number;
  readonly killed: number;
  readonly list: readonly MutationEvidence[];
}

/** What the mutation suite shows overall, and the standard packs' share of the kills. */
export interface MutationSummary {
  readonly total: number;
  readonly killed: number;
  readonly onMutatedResource: number;
  /** Of those, with the finding on the changed resource itself (the others on the resource the mutation names, with its reason). */
  readonly onChangedResource: number;
  /** Killed by a finding of the standard packs (AwsSolutions, NIST, HIPAA, PCI, Serverless). */
  readonly killedByStandardPacks: number;
  /** Killed by a finding of the project's pack. */
  readonly killedByHardenedPack: number;
  /** Killed by the project's pack only: what it adds to the standard packs. */
  readonly killedOnlyByHardenedPack: number;
}

/** Totals of a mutation run, with the standard packs' share. */
export function summarizeMutations(mutations: readonly MutationEvidence[]): MutationSummary {
  const killed = mutations.filter((m) => m.outcome === 'killed');
  return {
    total: mutations.length,
    killed: killed.length,
    onMutatedResource: killed.filter((m) => m.onMutatedResource).length,
    onChangedResource: killed.filter((m) => m.onChangedConstruct).length,
    killedByStandardPacks: killed.filter((m) => m.standardFindings.length > 0).length,
    killedByHardenedPack: killed.filter((m) => m.hardenedFindings.length > 0).length,
    killedOnlyByHardenedPack: killed.filter((m) => m.standardFindings.length === 0).length,
  };
}

function mutationReason(m: MutationEvidence): string {
  if (m.outcome === 'survived') return `mutation ${m.id} survived: no rule pack reports "${m.change}"`;
  if (m.outcome === 'not-applied') return `mutation ${m.id} does not apply (the template is unchanged): ${m.detail ?? ''}`;
  return `mutation ${m.id} could not be applied: ${m.detail ?? ''}`;
}

/** The report with every template control's mutations attached, statuses and summary updated. */
export function withMutationProof(report: ComplianceReport, mutations: readonly MutationEvidence[]): ComplianceReport {
  const controls: ControlResult[] = report.controls.map((c) => {
    if (c.kind !== 'template') return c;
    const list = mutations.filter((m) => m.control === c.id);
    const reasons = [...c.reasons, ...list.filter((m) => m.outcome !== 'killed').map(mutationReason)];
    const status: ControlStatus = reasons.length > c.reasons.length ? 'FAIL' : c.status;
    return { ...c, status, reasons, mutations: { proven: list.length, killed: list.filter((m) => m.outcome === 'killed').length, list } };
  });
  const summary: Record<ControlStatus, number> = { PASS: 0, FAIL: 0, MANUAL: 0, APP: 0 };
  for (const c of controls) summary[c.status]++;
  return { ...report, controls, summary, mutationSummary: summarizeMutations(mutations) };
}
