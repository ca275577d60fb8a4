import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { isTrue, literalString } from '../support';
import { TASK_DEFINITION, containersOf } from './ecs';

/** A container user that is root: `root`, `0`, or with group (`root:…`, `0:…`). */
const ROOT_USER = /^(root|0+)(:|$)/i;

/**
 * APP-3: every container of every task definition has a read-only root filesystem, runs as a
 * named non-root user and is not privileged.
 */
export function ContainersRunReadOnlyNonRoot(node: CfnResource): NagRuleCompliance {
  if (node.cfnResourceType !== TASK_DEFINITION) return NagRuleCompliance.NOT_APPLICABLE;
  const containers = containersOf(node);
  if (containers.length === 0) return NagRuleCompliance.NON_COMPLIANT;
  const limited = containers.every((c) => {
    const user = literalString(c.User)?.trim() ?? '';
    return isTrue(c.ReadonlyRootFilesystem) && user !== '' && !ROOT_USER.test(user) && !isTrue(c.Privileged);
  });
  return limited ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
