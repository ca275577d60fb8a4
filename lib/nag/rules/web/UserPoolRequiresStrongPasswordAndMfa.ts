import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { isObject, isTrue, literalNumber, props } from '../support';

/** The shortest password accepted (seed S1: 10 or more characters). */
export const MIN_PASSWORD_LENGTH = 10;

/**
 * WEB-5: every Cognito user pool requires passwords of ≥ 10 characters mixing upper and lower
 * case, digits and symbols, and a second factor for every user (MfaConfiguration ON).
 */
export function UserPoolRequiresStrongPasswordAndMfa(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== 'AWS::Cognito::UserPool') return NagRuleCompliance.NOT_APPLICABLE;
  const p = props(node);
  const policy = p.Policies?.PasswordPolicy;
  if (!isObject(policy)) return NagRuleCompliance.NON_COMPLIANT;
  const length = literalNumber(policy.MinimumLength);
  const mixed = ['RequireUppercase', 'RequireLowercase', 'RequireNumbers', 'RequireSymbols'].every((k) => isTrue(policy[k]));
  return length !== undefined && length >= MIN_PASSWORD_LENGTH && mixed && p.MfaConfiguration === 'ON'
    ? NagRuleCompliance.COMPLIANT
    : NagRuleCompliance.NON_COMPLIANT;
}
