import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { UNKNOWN_PART, arnFields, joinedText, literalString, stackRegion } from '../../engine/values';
import { isPrimaryDbInstance } from './databases';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

/**
 * DATA-3: a primary database instance has a read replica in another region, encrypted with a
 * key of its own. The replica (anywhere in the app) names the primary either by reference or by
 * a literal ARN `arn:…:rds:<region>:<account>:db:<id>` whose id is the primary's literal
 * DBInstanceIdentifier; the replica's stack region must be known and differ from the primary's.
 */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  if (!isPrimaryDbInstance(scan, node)) return NagRuleCompliance.NOT_APPLICABLE;
  const primaryId = literalString(scan.props(node).DBInstanceIdentifier)?.toLowerCase();
  const primaryRegion = stackRegion(node);
  const replicated = scan.resources('AWS::RDS::DBInstance').some((replica) => {
    const r = scan.props(replica);
    if (replica === node || r.SourceDBInstanceIdentifier === undefined || r.KmsKeyId === undefined) return false;
    let sourceRegion: string | undefined;
    if (scan.refersTo(replica, r.SourceDBInstanceIdentifier, node)) {
      sourceRegion = primaryRegion;
    } else {
      const arn = arnFields(joinedText(r.SourceDBInstanceIdentifier));
      if (!arn || arn.service !== 'rds' || primaryId === undefined || arn.resource.toLowerCase() !== `db:${primaryId}`) return false;
      sourceRegion = arn.region.includes(UNKNOWN_PART) ? primaryRegion : arn.region;
      if (primaryRegion !== undefined && sourceRegion !== primaryRegion) return false;
    }
    const replicaRegion = stackRegion(replica);
    return sourceRegion !== undefined && replicaRegion !== undefined && replicaRegion !== sourceRegion;
  });
  return replicated ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

export const DatabaseHasCrossRegionReplica: HardenedRule = {
  control: 'DATA-3',
  name: 'DatabaseHasCrossRegionReplica',
  resourceTypes: ['AWS::RDS::DBInstance'],
  info: 'DATA-3: the primary database has no encrypted read replica in another region.',
  explanation: 'A copy at a remote site survives the loss of the whole primary region.',
  check,
};
