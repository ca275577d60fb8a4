import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { isObject, isTrue, literalNumber } from '../../engine/values';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

/** The shortest password accepted (seed S1: 10 or more characters). */
export const MIN_PASSWORD_LENGTH = 10;

/**
 * WEB-5: every Cognito user pool requires passwords of ≥ 10 characters mixing upper and lower
 * case, digits and symbols, and a second factor for every user (MfaConfiguration ON).
 */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  const p = scan.props(node);
  const policy = p.Policies?.PasswordPolicy;
  if (!isObject(policy)) return NagRuleCompliance.NON_COMPLIANT;
  const length = literalNumber(policy.MinimumLength);
  const mixed = ['RequireUppercase', 'RequireLowercase', 'RequireNumbers', 'RequireSymbols'].every((k) => isTrue(policy[k]));
  return length !== undefined && length >= MIN_PASSWORD_LENGTH && mixed && p.MfaConfiguration === 'ON'
    ? NagRuleCompliance.COMPLIANT
    : NagRuleCompliance.NON_COMPLIANT;
}

export const UserPoolRequiresStrongPasswordAndMfa: HardenedRule = {
  control: 'WEB-5',
  name: 'UserPoolRequiresStrongPasswordAndMfa',
  resourceTypes: ['AWS::Cognito::UserPool'],
  info: 'WEB-5: the Cognito user pool does not require passwords of ≥ 10 mixed characters or does not require MFA.',
  explanation: 'Seeds S1 and S2 promise 10+ mixed-character passwords and a second factor.',
  check,
};
