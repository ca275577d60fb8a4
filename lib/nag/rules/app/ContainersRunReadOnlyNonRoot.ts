import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { TASK_DEFINITION, containersOf } from './ecs';
import { isTrue, literalString } from '../../engine/values';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

/** A container user that is root: `root`, `0`, or with group (`root:…`, `0:…`). */
const ROOT_USER = /^(root|0+)(:|$)/i;

/**
 * APP-3: every container of every task definition has a read-only root filesystem, runs as a
 * named non-root user and is not privileged.
 */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  const containers = containersOf(scan, node);
  if (containers.length === 0) return NagRuleCompliance.NON_COMPLIANT;
  const limited = containers.every((c) => {
    const user = literalString(c.User)?.trim() ?? '';
    return isTrue(c.ReadonlyRootFilesystem) && user !== '' && !ROOT_USER.test(user) && !isTrue(c.Privileged);
  });
  return limited ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

export const ContainersRunReadOnlyNonRoot: HardenedRule = {
  control: 'APP-3',
  name: 'ContainersRunReadOnlyNonRoot',
  resourceTypes: [TASK_DEFINITION],
  info: 'APP-3: a container has a writable root filesystem, runs as root (or with no user) or is privileged.',
  explanation: 'Limiting write access and privileges limits what an attacker inside a container can change.',
  check,
};
