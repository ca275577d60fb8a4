/** Small escape-hatch edits the mutations share (what a hurried change does to an L1 resource). */
import { CfnResource } from 'aws-cdk-lib';
import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { renderedProps as props } from '../../nag/engine/template-view';
import { list } from '../../nag/engine/values';

/** `addPropertyOverride` that returns the resource, for one-line mutations. */
export function override(r: CfnResource, path: string, value: unknown): CfnResource {
  r.addPropertyOverride(path, value);
  return r;
}

/** `addPropertyDeletionOverride` that returns the resource. */
export function deleteProperty(r: CfnResource, path: string): CfnResource {
  r.addPropertyDeletionOverride(path);
  return r;
}

/** The index of the web ACL rule named `name` (keyed on the name, not the position). */
export function wafRuleIndex(acl: CfnWebACL, name: RegExp): number {
  const i = list(props(acl).Rules).findIndex((r) => name.test(String(r?.Name)));
  if (i < 0) throw new Error(`no web ACL rule named ${name} in ${acl.node.path}`);
  return i;
}

type WafRule = CfnWebACL.RuleProperty;
const isRule = (r: unknown): r is WafRule => typeof r === 'object' && r !== null && typeof (r as { name?: unknown }).name === 'string';

/** The L1's rule list; throws when it is not a literal list (a token). */
function literalRules(acl: CfnWebACL): unknown[] {
  const rules: unknown = acl.rules;
  if (!Array.isArray(rules)) throw new Error(`the rules of ${acl.node.path} are not a literal list`);
  return rules;
}

/**
 * Rewrites the web ACL rules named `name` on the L1 property (raw overrides cannot write the empty
 * objects WAF actions are made of: CDK drops an override that merges to `{}`).
 */
export function wafRuleEdited(acl: CfnWebACL, name: RegExp, edit: (rule: WafRule) => WafRule): CfnWebACL {
  wafRuleIndex(acl, name);
  acl.rules = literalRules(acl).map((r) => (isRule(r) && name.test(r.name) ? edit(r) : r)) as WafRule[];
  return acl;
}

/** Switches a web ACL rule to count only (what people do to "see what it would block"). */
export function wafRuleToCount(acl: CfnWebACL, name: RegExp): CfnWebACL {
  return wafRuleEdited(acl, name, (r) => (r.overrideAction ? { ...r, overrideAction: { count: {} } } : { ...r, action: { count: {} } }));
}

/** Drops a web ACL rule from the L1's rule list (a deleted block of code). */
export function wafRuleRemoved(acl: CfnWebACL, name: RegExp): CfnWebACL {
  wafRuleIndex(acl, name);
  acl.rules = literalRules(acl).filter((r) => !(isRule(r) && name.test(r.name))) as WafRule[];
  return acl;
}

/** A `Key`/`Value` attribute list with one key set (load balancer, listener attributes). */
export function attributeIndex(r: CfnResource, property: string, keyName: string): number {
  const i = list(props(r)[property]).findIndex((a) => a?.Key === keyName);
  if (i < 0) throw new Error(`no ${property} entry ${keyName} on ${r.node.path}`);
  return i;
}
