/**
 * What a rule of the Hardened pack is, and the one place that decides which resources a rule
 * judges. A rule file (`rules/<area>/<RuleName>.ts`) exports one `HardenedRule`: its control,
 * the resource types it examines, its words and its check. The pack (`hardened-checks.ts`)
 * only lists the rules; `register.ts` registers it; the compliance report runs the same rules
 * through `judge` below.
 */
import { CfnResource, Validations } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { ControlId } from '../../controls/catalog';
import { Scan } from './scan';

/** The pack name, and the prefix of every rule id. */
export const HARDENED_PACK_NAME = 'Hardened';

/** One rule of the pack. */
export interface HardenedRule {
  /** The catalog control the rule enforces (the id's first part). */
  readonly control: ControlId;
  /** The rule's name: the passing state (`FirewallPolicyDropsByDefault`), also its file's name. */
  readonly name: string;
  /** The CloudFormation types the rule examines; it is not applicable to any other. */
  readonly resourceTypes: readonly string[];
  /** One sentence naming the control: what a finding means. */
  readonly info: string;
  /** Why it matters. */
  readonly explanation: string;
  /**
   * The check: a pure function of one resource of `resourceTypes` (the engine filters the types)
   * and the scan of its app, which answers questions about the other resources.
   */
  readonly check: (scan: Scan, node: CfnResource) => NagRuleCompliance;
}

/** The id without the pack prefix: `<CONTROL>-<RuleName>`. */
export function ruleSuffix(rule: HardenedRule): string {
  return `${rule.control}-${rule.name}`;
}

/** The full id of a rule: `Hardened-<CONTROL>-<RuleName>`. */
export function ruleId(rule: HardenedRule): string {
  return `${HARDENED_PACK_NAME}-${ruleSuffix(rule)}`;
}

/** Whether `rule` examines `node` at all (its type filter; the check never repeats it). */
export function appliesTo(rule: HardenedRule, node: CfnResource): boolean {
  return rule.resourceTypes.includes(node.cfnResourceType);
}

/** The rule's verdict on `node`: NOT_APPLICABLE for a type it does not examine, else its check's. */
export function judge(rule: HardenedRule, scan: Scan, node: CfnResource): NagRuleCompliance {
  return appliesTo(rule, node) ? rule.check(scan, node) : NagRuleCompliance.NOT_APPLICABLE;
}

/**
 * Whether a finding (`ruleId`, with a `[finding]` suffix if the rule reports several) is
 * acknowledged on `node` or one of its ancestors with `Validations.of(c).acknowledge(...)`: the
 * metadata cdk-nag 3 reads (its own matcher is private to NagPack), read the same way, so the
 * compliance report and the pack agree on what is acknowledged.
 */
export function isAcknowledged(node: IConstruct, findingId: string): boolean {
  for (let c: IConstruct | undefined = node; c; c = c.node.scope) {
    for (const entry of c.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY || !entry.data) continue;
      // aws-cdk-lib < 2.262.1 wrote 'annotation::', later versions 'Annotation::'.
      if (Object.keys(entry.data as Record<string, string>).some((k) => k.replace(/^annotation::/i, '') === findingId)) return true;
    }
  }
  return false;
}
