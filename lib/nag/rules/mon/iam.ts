/** The IAM statements a function's role grants (MON-4). */
import { CfnResource } from 'aws-cdk-lib';
import { isObject, list, stringList } from '../../engine/values';
import { actionCovers, statementsOf } from '../gov/policy-statements';
import { Scan } from '../../engine/scan';

/** Every policy statement granted to a role of the app: inline, AWS::IAM::Policy, customer managed policies. */
export function roleStatements(scan: Scan, role: CfnResource): Record<string, any>[] {
  const inline = list(scan.props(role).Policies).filter(isObject).flatMap((p) => statementsOf(p.PolicyDocument));
  const attached = scan.resources('AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy')
    .filter((p) => list(scan.props(p).Roles).some((r) => scan.refersTo(p, r, role)))
    .flatMap((p) => statementsOf(scan.props(p).PolicyDocument));
  const managed = scan.refTargetsOfType(role, scan.props(role).ManagedPolicyArns, 'AWS::IAM::ManagedPolicy').flatMap((p) => statementsOf(scan.props(p).PolicyDocument));
  return [...inline, ...attached, ...managed];
}

/** The statements granted to a Lambda function of the app through its execution role. */
export function functionStatements(scan: Scan, fn: CfnResource): Record<string, any>[] {
  return scan.refTargetsOfType(fn, scan.props(fn).Role, 'AWS::IAM::Role').flatMap((r) => roleStatements(scan, r));
}

/** The Allow statements of `statements` that grant `action`. */
export function allowing(statements: Record<string, any>[], action: string): Record<string, any>[] {
  return statements.filter((s) => s.Effect === 'Allow' && stringList(s.Action).some((a) => actionCovers(a, action)));
}
