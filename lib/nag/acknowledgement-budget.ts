/**
 * The acknowledgement budget (GOV-2): how many rule-pack findings the default configuration may
 * leave acknowledged instead of fixed. A test fails above it, so a new acknowledgement is a
 * reviewed decision (raise the number here, in the same change, with the reason) and never drift.
 *
 * Two counts, because the standard packs overlap: NIST 800-53, HIPAA and PCI DSS run the same
 * check under three rule ids (`S3BucketReplicationEnabled` in each), and AwsSolutions and
 * Serverless repeat some of them under other names. A *finding* is one check failing on one
 * construct, however many packs report it; a *pack acknowledgement* is one rule id acknowledged.
 */
export const ACKNOWLEDGEMENT_BUDGET = {
  /**
   * Distinct findings (check × construct × detail). The aim is ≤ 25 and it is not met: of the 34,
   * 15 are AwsSolutions-IAM5 wildcards (object keys and service-named resources unknown in
   * advance, actions without resource-level permissions such as the registry login of GuardDuty's
   * Fargate agent), 6 are dead-letter queues that the redrive rules cannot tell from ordinary
   * queues, 4 are buckets not replicated on purpose (transient uploads, malware, access logs, the
   * locked archive). Each is listed with
   * its reason in the rule-pack and compliance reports; README "The acknowledgement budget" says
   * why each kind stays.
   */
  findings: 34,
  /** Acknowledgements as the packs count them (each pack's rule id separately). */
  packAcknowledgements: 55,
} as const;

/** Rule ids of different packs that test the same property, mapped to one check name. */
const SAME_CHECK: Readonly<Record<string, string>> = {
  // Server access logging on a bucket.
  'AwsSolutions-S1': 'S3BucketLoggingEnabled',
  // A queue neither used as nor given a dead-letter queue.
  'AwsSolutions-SQS3': 'SQSRedrivePolicy',
};

/** The check a rule id runs: the rule name without its pack, `[detail]` kept (IAM5 wildcards differ). */
export function checkOf(ruleId: string): string {
  const detail = /\[.*\]$/.exec(ruleId)?.[0] ?? '';
  const rule = ruleId.slice(0, ruleId.length - detail.length);
  const named = SAME_CHECK[rule] ?? rule.slice(rule.indexOf('-') + 1);
  return `${named}${detail}`;
}

export interface AcknowledgedFinding {
  /** Construct path the acknowledgement is on. */
  readonly resource: string;
  readonly check: string;
  /** Every pack rule id acknowledged for it. */
  readonly rules: string[];
  readonly reason: string;
}

/** Groups pack acknowledgements into distinct findings (one check failing on one construct). */
export function acknowledgedFindings(acks: ReadonlyArray<{ rule: string; resource: string; reason: string }>): AcknowledgedFinding[] {
  const byKey = new Map<string, AcknowledgedFinding>();
  for (const a of acks) {
    const check = checkOf(a.rule);
    const key = `${a.resource}\u0000${check}`;
    const found = byKey.get(key);
    if (found) found.rules.push(a.rule);
    else byKey.set(key, { resource: a.resource, check, rules: [a.rule], reason: a.reason });
  }
  return [...byKey.values()];
}
