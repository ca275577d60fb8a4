import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { TASK_DEFINITION, containersOf } from './ecs';
import { isObject, list } from '../../engine/values';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

/** Environment variable names that look like they carry a secret. */
export const SECRET_NAME_PATTERN = /PASSWORD|PASSWD|SECRET|TOKEN|CREDENTIAL|(^|_)(API|ACCESS|PRIVATE|SIGNING|ENCRYPTION)?_?KEY(_|$)/i;

/**
 * APP-3: no container receives a secret as a plain environment variable (visible in the task
 * definition and to anyone who can describe it); secrets come from Secrets Manager or SSM
 * through the container's `Secrets`.
 */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  const leaks = containersOf(scan, node).some((c) =>
    list(c.Environment).some((e) => isObject(e) && typeof e.Name === 'string' && SECRET_NAME_PATTERN.test(e.Name)),
  );
  return leaks ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
}

export const ContainerSecretsNotInEnvironment: HardenedRule = {
  control: 'APP-3',
  name: 'ContainerSecretsNotInEnvironment',
  resourceTypes: [TASK_DEFINITION],
  info: 'APP-3: a container receives a secret-looking variable (PASSWORD, SECRET, TOKEN, KEY…) as plain environment.',
  explanation: 'Plain environment values are visible to anyone who can describe the task definition; secrets belong in Secrets.',
  check,
};
