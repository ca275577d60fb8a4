import { DEFAULT_CONFIG } from '../../lib/config/defaults';
import { buildHardenedStacks } from '../../lib/hardened-app';
import { complianceMarkdown, complianceSummary, judgeControls } from '../../lib/reporting/compliance';
import { MutationEvidence, summarizeMutations, withMutationProof } from '../../lib/reporting/mutation-proof';
import { treeOnlyApp } from '../../lib/synthesize';
import { cdkContext } from '../support/context';

// The compliance report carries the mutation proof (issue #18): per control, how many mutations it
// was proven against and how many were killed; a surviving mutation FAILs its control.
const app = treeOnlyApp(cdkContext());
buildHardenedStacks(app, DEFAULT_CONFIG);

const killed = (id: string, control: string, by: { hardened?: string[]; standard?: string[] }): MutationEvidence => ({
  id,
  control,
  change: `change ${id}`,
  outcome: 'killed',
  hardenedFindings: by.hardened ?? [],
  standardFindings: by.standard ?? [],
  onMutatedResource: true,
  onChangedConstruct: control !== 'LOG-2',
});

const mutations: MutationEvidence[] = [
  killed('delete-protection-off', 'NET-7', { hardened: ['Hardened-NET-7-FirewallProtectedFromDeletion at Hardened-Network/InspectionFirewall/Firewall'] }),
  killed('subnet-change-protection-off', 'NET-7', { hardened: ['Hardened-NET-7-FirewallProtectedFromDeletion at Hardened-Network/InspectionFirewall/Firewall'] }),
  { ...killed('policy-change-protection-off', 'NET-7', {}), outcome: 'survived' },
  killed('trail-single-region', 'LOG-2', { hardened: ['Hardened-LOG-2-TrailMultiRegionValidatedEncrypted at Hardened-Audit/AuditTrail/Resource'], standard: ['NIST.800.53.R5-CloudTrailMultiRegion at x'] }),
  killed('trail-validation-off', 'LOG-2', { standard: ['AwsSolutions-X at y'] }),
];

const report = withMutationProof(judgeControls(app, [], []), mutations);
const control = (id: string) => report.controls.find((c) => c.id === id)!;

test('a control with a surviving mutation FAILs, naming the mutation', () => {
  expect(control('NET-7').status).toBe('FAIL');
  expect(control('NET-7').reasons).toEqual([expect.stringMatching(/^mutation policy-change-protection-off survived/)]);
  expect(control('NET-7').mutations).toMatchObject({ proven: 3, killed: 2 });
});

test('a control whose mutations were all killed lists them in the JSON report', () => {
  const log2 = JSON.parse(JSON.stringify(report)).controls.find((c: { id: string }) => c.id === 'LOG-2');
  expect(log2.status).toBe('PASS');
  expect(log2.mutations.proven).toBe(2);
  expect(log2.mutations.killed).toBe(2);
  expect(log2.mutations.list.map((m: MutationEvidence) => m.id)).toEqual(['trail-single-region', 'trail-validation-off']);
});

test("the summary counts the standard packs' share and what only the project's pack kills", () => {
  expect(summarizeMutations(mutations)).toEqual({
    total: 5,
    killed: 4,
    onMutatedResource: 4,
    onChangedResource: 2,
    killedByStandardPacks: 2,
    killedByHardenedPack: 3,
    killedOnlyByHardenedPack: 2,
  });
  expect(report.mutationSummary).toEqual(summarizeMutations(mutations));
  expect(complianceMarkdown(report)).toMatch(/Mutation proof:\*\* 4 of 5 mutations killed, 4 with the finding on the mutated resource \(2 on the changed resource itself.* standard packs alone kill 2; the project's pack kills 3, 2 of them/);
  expect(complianceMarkdown(report)).toMatch(/\| NET-7 \| FAIL \|.*\| 2 \/ 3 \|/);
  expect(complianceSummary(report)).toMatch(/Mutations: 4\/5 killed; standard packs alone kill 2/);
});

test('without mutation results the report has no mutation fields', () => {
  const plain = judgeControls(app, [], []);
  expect(plain.mutationSummary).toBeUndefined();
  expect(plain.controls.every((c) => c.mutations === undefined)).toBe(true);
  expect(complianceMarkdown(plain)).toContain('| Control | Status | Seeds | Promise | Resources | Rules |\n');
});
