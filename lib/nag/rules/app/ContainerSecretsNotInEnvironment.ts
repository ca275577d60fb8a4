import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { isObject, list } from '../support';
import { TASK_DEFINITION, containersOf } from './ecs';

/** Environment variable names that look like they carry a secret. */
export const SECRET_NAME_PATTERN = /PASSWORD|PASSWD|SECRET|TOKEN|CREDENTIAL|(^|_)(API|ACCESS|PRIVATE|SIGNING|ENCRYPTION)?_?KEY(_|$)/i;

/**
 * APP-3: no container receives a secret as a plain environment variable (visible in the task
 * definition and to anyone who can describe it); secrets come from Secrets Manager or SSM
 * through the container's `Secrets`.
 */
export function ContainerSecretsNotInEnvironment(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== TASK_DEFINITION) return NagRuleCompliance.NOT_APPLICABLE;
  const leaks = containersOf(node).some((c) =>
    list(c.Environment).some((e) => isObject(e) && typeof e.Name === 'string' && SECRET_NAME_PATTERN.test(e.Name)),
  );
  return leaks ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
}
