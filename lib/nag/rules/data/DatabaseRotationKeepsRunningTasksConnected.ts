import { CfnResource, Stack } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { TASK_DEFINITION, containersOf } from '../app/ecs';
import { isObject, isTrue, list, literalString } from '../../engine/values';
import { HardenedRule } from '../../engine/rule';
import { Scan } from '../../engine/scan';

const SECRET = 'AWS::SecretsManager::Secret';
const ATTACHMENT = 'AWS::SecretsManager::SecretTargetAttachment';
const ROTATION = 'AWS::SecretsManager::RotationSchedule';
const DATABASES = ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster'];

type Scheme = 'multi-user' | 'single-user' | 'unknown';

/**
 * DATA-6: a database secret that a task definition reads is rotated by alternating users
 * (Secrets Manager's multi-user rotation), never by changing the password in use.
 *
 * ECS resolves a container's secrets once, when the task starts. Single-user rotation (and an
 * RDS-managed master password, which RDS rotates single-user) changes the password a running
 * task holds: every connection it opens afterwards fails until the task is replaced. Alternating
 * users change the user that is not current, so a task's credentials stay valid until the
 * rotation after next.
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotation-strategy.html
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/specifying-sensitive-data-secrets.html
 *
 * A secret is a database secret when it is attached to a DB instance or cluster, or rotated by a
 * database rotation (hosted or the Serverless Application Repository's RDS functions). A rotation
 * whose scheme cannot be read (a custom function) does not prove alternating users and fails.
 * Not applicable to a task definition that reads no database secret.
 */
function check(scan: Scan, node: CfnResource): NagRuleCompliance {
  const valueFroms = containersOf(scan, node).flatMap((c) => list(c.Secrets).filter(isObject).map((s) => s.ValueFrom));
  let readsDatabaseSecret = false;
  for (const valueFrom of valueFroms) {
    for (const target of scan.refTargets(node, valueFrom)) {
      if (DATABASES.includes(target.cfnResourceType)) {
        // The secret RDS manages for the master user (MasterUserSecret): rotated single-user by RDS.
        if (isTrue(scan.props(target).ManageMasterUserPassword)) return NagRuleCompliance.NON_COMPLIANT;
        continue;
      }
      if (target.cfnResourceType !== SECRET && target.cfnResourceType !== ATTACHMENT) continue;
      const secretSet = sameSecret(scan, target);
      const schemes = rotationsOf(scan, secretSet).map((r) => schemeOf(scan, r));
      const attached = [...secretSet].some((s) => s.cfnResourceType === ATTACHMENT && isDatabaseTargetType(scan.props(s).TargetType));
      if (!attached && !schemes.some((s) => s !== 'unknown')) continue;
      readsDatabaseSecret = true;
      if (schemes.some((s) => s !== 'multi-user')) return NagRuleCompliance.NON_COMPLIANT;
    }
  }
  return readsDatabaseSecret ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NOT_APPLICABLE;
}

function isDatabaseTargetType(x: unknown): boolean {
  const type = literalString(x);
  return type !== undefined && DATABASES.includes(type);
}

/** A secret and the attachments naming it (either may be referred to as "the secret"). */
function sameSecret(scan: Scan, target: CfnResource): Set<CfnResource> {
  const secrets = target.cfnResourceType === ATTACHMENT ? scan.refTargetsOfType(target, scan.props(target).SecretId, SECRET) : [target];
  const set = new Set<CfnResource>([target, ...secrets]);
  for (const attachment of scan.resources(ATTACHMENT)) {
    if (scan.refTargetsOfType(attachment, scan.props(attachment).SecretId, SECRET).some((s) => set.has(s))) set.add(attachment);
  }
  return set;
}

function rotationsOf(scan: Scan, secretSet: Set<CfnResource>): CfnResource[] {
  return scan.resources(ROTATION).filter((r) => scan.refTargetsOfType(r, scan.props(r).SecretId, SECRET, ATTACHMENT).some((s) => secretSet.has(s)));
}

/** Multi-user, single-user, or unknown, from a hosted rotation's type or the rotation application's name. */
function schemeOf(scan: Scan, rotation: CfnResource): Scheme {
  const p = scan.props(rotation);
  const hosted = isObject(p.HostedRotationLambda) ? literalString(p.HostedRotationLambda.RotationType) : undefined;
  if (hosted) return schemeFromName(hosted);
  const applications = scan.refTargetsOfType(rotation, p.RotationLambdaARN, 'AWS::Serverless::Application');
  const names = applications.map((a) => applicationIdOf(scan, a));
  if (names.length === 0 || names.some((n) => n === undefined)) return 'unknown';
  const schemes = names.map((n) => schemeFromName(n!));
  return schemes.every((s) => s === 'multi-user') ? 'multi-user' : schemes.includes('single-user') ? 'single-user' : 'unknown';
}

function schemeFromName(name: string): Scheme {
  if (/MultiUser$/.test(name)) return 'multi-user';
  if (/SingleUser$/.test(name)) return 'single-user';
  return 'unknown';
}

/** The application id of a SAR application: a literal, or a partition mapping of its stack (as SecretRotation writes it). */
function applicationIdOf(scan: Scan, application: CfnResource): string | undefined {
  const location = scan.props(application).Location;
  if (!isObject(location)) return undefined;
  const literal = literalString(location.ApplicationId);
  if (literal !== undefined) return literal;
  const find = isObject(location.ApplicationId) ? location.ApplicationId['Fn::FindInMap'] : undefined;
  if (!Array.isArray(find) || typeof find[0] !== 'string' || typeof find[2] !== 'string') return undefined;
  // Every partition's entry names the same application; the commercial one is always there.
  return literalString(scan.mapping(Stack.of(application), find[0])?.aws?.[find[2]]);
}

export const DatabaseRotationKeepsRunningTasksConnected: HardenedRule = {
  control: 'DATA-6',
  name: 'DatabaseRotationKeepsRunningTasksConnected',
  resourceTypes: [TASK_DEFINITION],
  info: 'DATA-6: a task reads a database secret that is rotated single-user (or by a rotation not proven multi-user): running tasks lose the database at each rotation.',
  explanation: 'ECS reads secrets only at task start; alternating-users rotation keeps the password a running task holds valid until the rotation after next.',
  check,
};
