/** Shared by the Hardened rule tests: run the pack and ask which resources a rule flags. */
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { HardenedChecks } from '../../lib/nag/hardened-checks';

/** A fresh app with one stack in a known region (rules compare regions). */
export function newStack(id = 'T', region = 'ap-northeast-1'): Stack {
  return new Stack(new App({ builtinCloudFormationValidation: false }), id, { env: { account: '111111111111', region } });
}

/** A stack in the same app as `other`. */
export function siblingStack(other: Stack, id: string, region = 'ap-northeast-1'): Stack {
  return new Stack(other.node.root as App, id, { env: { account: '111111111111', region } });
}

/** The construct paths the rule flags (`Hardened-<suffix>`, findings included) when the whole app of `scope` is validated. */
export function flagged(scope: IConstruct, ruleId: string): string[] {
  const report = new HardenedChecks().validateScope(scope.node.root);
  return report.violations
    .filter((v) => v.ruleName === ruleId || v.ruleName.startsWith(`${ruleId}[`))
    .flatMap((v) => v.violatingResources.map((r) => r.constructPath ?? ''));
}

/** Expects `ruleId` to flag exactly the resource `node` (among possibly others of the same rule). */
export function expectFlagged(node: CfnResource | IConstruct, ruleId: string): void {
  expect(flagged(node, ruleId)).toContain(pathOf(node));
}

/** Expects `ruleId` not to flag `node`. */
export function expectNotFlagged(node: CfnResource | IConstruct, ruleId: string): void {
  expect(flagged(node, ruleId)).not.toContain(pathOf(node));
}

/** The construct path of a resource, or of an L2's default child. */
export function pathOf(node: IConstruct): string {
  if (CfnResource.isCfnResource(node)) return node.node.path;
  const child = node.node.defaultChild;
  return (child ?? node).node.path;
}
