import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { IApplyRule, NagMessageLevel } from 'cdk-nag';
import { HARDENED_PACK_NAME, ruleId } from '../nag/engine/rule';
import { HARDENED_RULES } from '../nag/hardened-checks';
import { standardRulePacks } from '../nag/register';

/** What a rule pack says about one of its rules. */
export interface RuleText {
  /** `<Pack>-<Rule>`, without a finding's `[…]` suffix. */
  readonly id: string;
  readonly pack: string;
  /** Why the rule is triggered (one sentence). */
  readonly info: string;
  /** Why the rule exists. */
  readonly explanation: string;
  readonly level: 'error' | 'warning';
  /** The control of CONTROLS.md the rule enforces (the project's own pack). */
  readonly controlId?: string;
  readonly helpUri?: string;
}

/** cdk-nag's list of every rule of its packs, with cause and explanation. */
const CDK_NAG_RULES_URI = 'https://github.com/cdklabs/cdk-nag/blob/main/RULES.md';

/**
 * Every rule of the packs `npm run synth` registers, read from the packs themselves: each cdk-nag
 * pack applies all of its rules to any resource, so one placeholder resource makes each pack
 * name them; the rule bodies are not run. The project's pack is read from its rule list.
 */
export function rulePackCatalog(): RuleText[] {
  const stack = new Stack(new App(), 'Catalog');
  const placeholder = new CfnResource(stack, 'Placeholder', { type: 'AWS::CloudFormation::WaitConditionHandle' });
  const rules: RuleText[] = [];
  for (const pack of standardRulePacks()) {
    const listing = pack as unknown as { applyRule(params: IApplyRule): void; checkResource(node: CfnResource): void };
    listing.applyRule = (params) =>
      rules.push({
        id: `${pack.readPackName}-${params.ruleSuffixOverride ?? params.rule.name}`,
        pack: pack.readPackName,
        info: params.info,
        explanation: params.explanation,
        level: params.level === NagMessageLevel.WARN ? 'warning' : 'error',
        helpUri: CDK_NAG_RULES_URI,
      });
    listing.checkResource(placeholder);
  }
  for (const r of HARDENED_RULES) {
    rules.push({ id: ruleId(r), pack: HARDENED_PACK_NAME, info: r.info, explanation: r.explanation, level: 'error', controlId: r.control });
  }
  return rules;
}
