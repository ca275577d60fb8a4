import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { RULE_GROUP } from './firewall-policy';
import { isObject, list, stringList } from '../../engine/values';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

/**
 * NET-1: no stateless rule passes traffic (`aws:pass`). A stateless pass skips the stateful
 * engine, so the flow is neither inspected by the IPS nor subject to the default deny.
 */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  const p = scan.props(node);
  if (p.Type !== 'STATELESS') return NagRuleCompliance.NOT_APPLICABLE;
  const rules = list(p.RuleGroup?.RulesSource?.StatelessRulesAndCustomActions?.StatelessRules);
  const passes = rules.some((r) => isObject(r) && stringList(r.RuleDefinition?.Actions).includes('aws:pass'));
  return passes ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
}

export const StatelessRulesNeverPass: HardenedRule = {
  control: 'NET-1',
  name: 'StatelessRulesNeverPass',
  resourceTypes: [RULE_GROUP],
  info: 'NET-1: a stateless rule group passes traffic (aws:pass).',
  explanation: 'A stateless pass skips the stateful engine: the flow is neither inspected by the IPS nor subject to the default deny.',
  check,
};
