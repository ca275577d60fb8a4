/** The IAM statements a function's role grants (MON-4). */
import { CfnResource } from 'aws-cdk-lib';
import { actionCovers, appResources, isObject, list, props, refTargetsOfType, refersTo, statementsOf, stringList } from '../support';

/** Every policy statement granted to a role of the app: inline, AWS::IAM::Policy, customer managed policies. */
export function roleStatements(role: CfnResource): Record<string, any>[] {
  const inline = list(props(role).Policies).filter(isObject).flatMap((p) => statementsOf(p.PolicyDocument));
  const attached = appResources(role, 'AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy')
    .filter((p) => list(props(p).Roles).some((r) => refersTo(p, r, role)))
    .flatMap((p) => statementsOf(props(p).PolicyDocument));
  const managed = refTargetsOfType(role, props(role).ManagedPolicyArns, 'AWS::IAM::ManagedPolicy').flatMap((p) => statementsOf(props(p).PolicyDocument));
  return [...inline, ...attached, ...managed];
}

/** The statements granted to a Lambda function of the app through its execution role. */
export function functionStatements(fn: CfnResource): Record<string, any>[] {
  return refTargetsOfType(fn, props(fn).Role, 'AWS::IAM::Role').flatMap(roleStatements);
}

/** The Allow statements of `statements` that grant `action`. */
export function allowing(statements: Record<string, any>[], action: string): Record<string, any>[] {
  return statements.filter((s) => s.Effect === 'Allow' && stringList(s.Action).some((a) => actionCovers(a, action)));
}
