import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { isObject, list, props, stringList } from '../support';
import { RULE_GROUP } from './firewall-policy';

/**
 * NET-1: no stateless rule passes traffic (`aws:pass`). A stateless pass skips the stateful
 * engine, so the flow is neither inspected by the IPS nor subject to the default deny.
 */
export function StatelessRulesNeverPass(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== RULE_GROUP) return NagRuleCompliance.NOT_APPLICABLE;
  const p = props(node);
  if (p.Type !== 'STATELESS') return NagRuleCompliance.NOT_APPLICABLE;
  const rules = list(p.RuleGroup?.RulesSource?.StatelessRulesAndCustomActions?.StatelessRules);
  const passes = rules.some((r) => isObject(r) && stringList(r.RuleDefinition?.Actions).includes('aws:pass'));
  return passes ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
}
