import { ACKNOWLEDGEMENT_BUDGET, acknowledgedFindings, checkOf } from '../../lib/nag/acknowledgement-budget';
import { defaultAssembly } from '../support/assembly';

// GOV-2 / issue #9: acknowledgements stay within the budget written in lib/nag/acknowledgement-budget.ts.
describe('acknowledgement budget on the default configuration', () => {
  const acks = () => defaultAssembly().acknowledgements;

  test(`at most ${ACKNOWLEDGEMENT_BUDGET.findings} distinct acknowledged findings`, () => {
    const findings = acknowledgedFindings(acks());
    // Over budget, the failure lists them all, so the reviewer sees what to fix.
    const listing = findings.map((f) => `${f.check} @ ${f.resource}`);
    expect(listing.length > ACKNOWLEDGEMENT_BUDGET.findings ? listing : []).toEqual([]);
    expect(findings.length).toBeLessThanOrEqual(ACKNOWLEDGEMENT_BUDGET.findings);
  });

  test(`at most ${ACKNOWLEDGEMENT_BUDGET.packAcknowledgements} acknowledgements across all packs`, () => {
    expect(acks().length).toBeLessThanOrEqual(ACKNOWLEDGEMENT_BUDGET.packAcknowledgements);
  });

  test('the findings that share a check across packs share one reason', () => {
    for (const f of acknowledgedFindings(acks())) {
      const reasons = new Set(acks().filter((a) => a.resource === f.resource && checkOf(a.rule) === f.check).map((a) => a.reason));
      expect({ finding: `${f.check} @ ${f.resource}`, reasons: reasons.size }).toEqual({ finding: `${f.check} @ ${f.resource}`, reasons: 1 });
    }
  });
});

describe('what counts as one finding', () => {
  test('NIST, HIPAA and PCI ids of one check on one construct are one finding', () => {
    const on = (rule: string, resource = 'S/Bucket') => ({ rule, resource, reason: 'r.' });
    const findings = acknowledgedFindings([
      on('NIST.800.53.R5-S3BucketReplicationEnabled'),
      on('HIPAA.Security-S3BucketReplicationEnabled'),
      on('PCI.DSS.321-S3BucketReplicationEnabled'),
      on('AwsSolutions-S1'),
      on('NIST.800.53.R5-S3BucketLoggingEnabled'),
      on('NIST.800.53.R5-S3BucketReplicationEnabled', 'S/Other'),
    ]);
    expect(findings.map((f) => `${f.check} @ ${f.resource} ×${f.rules.length}`)).toEqual([
      'S3BucketReplicationEnabled @ S/Bucket ×3',
      'S3BucketLoggingEnabled @ S/Bucket ×2',
      'S3BucketReplicationEnabled @ S/Other ×1',
    ]);
  });

  test('different IAM5 wildcards on one policy are different findings', () => {
    expect(checkOf('AwsSolutions-IAM5[Resource::*]')).toBe('IAM5[Resource::*]');
    expect(checkOf('AwsSolutions-IAM5[Action::s3:*]')).not.toBe(checkOf('AwsSolutions-IAM5[Resource::*]'));
    expect(checkOf('AwsSolutions-SQS3')).toBe(checkOf('Serverless-SQSRedrivePolicy'));
  });
});
