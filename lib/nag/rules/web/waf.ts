/** Reading WAFv2 web ACL rules (WEB-1, WEB-2, WEB-6, NET-5, MON-4). */
import { CfnResource } from 'aws-cdk-lib';
import { isObject, list } from '../../engine/values';
import { Scan } from '../../engine/scan';

export const WEB_ACL = 'AWS::WAFv2::WebACL';

/** The rules of a web ACL (objects only). */
export function webAclRules(scan: Scan, webAcl: CfnResource): Record<string, any>[] {
  return list(scan.props(webAcl).Rules).filter(isObject);
}

/** The statement itself and, for OR statements, its alternatives (recursively). */
export function alternativesOf(statement: unknown): Record<string, any>[] {
  if (!isObject(statement)) return [];
  const or = list(statement.OrStatement?.Statements);
  return or.length > 0 ? or.flatMap(alternativesOf) : [statement];
}
