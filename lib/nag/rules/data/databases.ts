/** Reading RDS instances (DATA-1…DATA-6, MON-2). */
import { CfnResource } from 'aws-cdk-lib';
import { Scan } from '../../engine/scan';

/** Whether an AWS::RDS::DBInstance is a read replica (has a source instance). */
export function isReadReplica(scan: Scan, node: CfnResource): boolean {
  const p = scan.props(node);
  return p.SourceDBInstanceIdentifier !== undefined || p.SourceDBClusterIdentifier !== undefined;
}

/** Whether `node` is a primary (not replica) AWS::RDS::DBInstance. */
export function isPrimaryDbInstance(scan: Scan, node: CfnResource): boolean {
  return node.cfnResourceType === 'AWS::RDS::DBInstance' && !isReadReplica(scan, node);
}
