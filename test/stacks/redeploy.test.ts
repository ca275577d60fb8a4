import { Validations } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { HIPAASecurityChecks, NIST80053R5Checks } from 'cdk-nag';
import { HardenedStacks } from '../../lib/hardened-app';
import { allTemplates } from '../support/assembly';
import { buildWith, resourcesOf } from '../support/config-app';

// Issue #16 (DATA-5): what `cdk destroy` keeps must not block the next deployment, and a low
// Lambda concurrency quota must not block the first.

/** Properties that give a resource its physical name (DBName is a database inside the instance, not a resource). */
const NAME_PROPERTIES = ['LogGroupName', 'BackupVaultName', 'DBInstanceIdentifier', 'BucketName', 'TableName', 'QueueName', 'TopicName', 'SecretName', 'UserPoolName', 'Name', 'FirewallName', 'RuleGroupName', 'FirewallPolicyName', 'RoleName', 'ManagedPolicyName'];
const KEPT = ['Retain', 'RetainExceptOnCreate', 'Snapshot'];

/** `stack/logicalId` → physical name, for every kept resource that names itself. */
function keptNames(templates: Array<{ stack: string; template: any }>): Map<string, string> {
  const names = new Map<string, string>();
  for (const { stack, template } of templates) {
    for (const [id, r] of Object.entries<any>(template.Resources ?? {})) {
      if (!KEPT.includes(r.DeletionPolicy)) continue;
      for (const key of NAME_PROPERTIES) {
        const value = r.Properties?.[key];
        if (value !== undefined) names.set(`${stack}/${id} ${key}`, typeof value === 'string' ? value : JSON.stringify(value));
      }
    }
  }
  return names;
}

describe('redeploy after destroy: retainedNameSuffix moves every kept name', () => {
  const suffixed = buildWith({ retainedNameSuffix: '-g2' });
  const keys = Object.keys(suffixed.stacks) as Array<keyof HardenedStacks>;
  const before = keptNames(allTemplates().map((t) => ({ stack: t.id, template: t.template })));
  const after = keptNames(keys.map((k) => ({ stack: suffixed.stacks[k].stackName, template: suffixed.template(k) })));

  test('the same kept resources name themselves (log groups, vaults, database identifiers)', () => {
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    expect(before.size).toBeGreaterThanOrEqual(10);
  });

  test('every kept name carries the suffix, so none collides with what a destroyed deployment left', () => {
    const unchanged = [...after].filter(([key, name]) => name === before.get(key) || !name.includes('-g2')).map(([key, name]) => `${key} = ${name}`);
    expect(unchanged).toEqual([]);
  });

  test('the regions still agree: the replica\'s source and the copy\'s vault follow the suffix', () => {
    const [[, replica]] = resourcesOf(suffixed.template('dr'), 'AWS::RDS::DBInstance');
    expect(replica.Properties.SourceDBInstanceIdentifier).toMatch(/:db:hardened-db-g2$/);
    const [[, plan]] = resourcesOf(suffixed.template('data'), 'AWS::Backup::BackupPlan');
    expect(JSON.stringify(plan.Properties)).toContain(':backup-vault:hardened-dr-vault-g2');
  });
});

describe('lambdaReservedConcurrency: false', () => {
  const shared = buildWith({ lambdaReservedConcurrency: false });
  const functionStacks: Array<keyof HardenedStacks> = ['network', 'threat', 'files', 'monitoring'];
  const reserved = (templates: any[]) =>
    templates.flatMap((t) => resourcesOf(t, 'AWS::Lambda::Function')).map(([, f]) => f.Properties.ReservedConcurrentExecutions).filter((n) => n !== undefined);

  test('by default 16 executions are reserved (blocker, reconciler, offence intake, ALERT copy, mover, database probe)', () => {
    expect(reserved(allTemplates().map((t) => t.template)).sort((a, b) => a - b)).toEqual([1, 1, 1, 1, 2, 10]);
  });

  test('without reservation no function reserves any', () => {
    expect(reserved(functionStacks.map((k) => shared.template(k)))).toEqual([]);
  });

  test('each such function acknowledges the two concurrency rules with the reason, and the packs find nothing else about it', () => {
    const functions = functionStacks.flatMap((k) => shared.stacks[k].node.findAll()).filter((c): c is lambda.CfnFunction => c instanceof lambda.CfnFunction);
    const ackIds = (f: lambda.CfnFunction) =>
      f.node.metadata
        .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((m) => Object.keys(m.data as object).map((id) => id.replace(/^Annotation::/, '')));
    const acknowledged = functions.filter((f) => ackIds(f).includes('NIST.800.53.R5-LambdaConcurrency') && ackIds(f).includes('HIPAA.Security-LambdaConcurrency'));
    expect(acknowledged).toHaveLength(6);
    const violations = [new NIST80053R5Checks(), new HIPAASecurityChecks()].flatMap((pack) =>
      functionStacks.flatMap((k) => pack.validateScope(shared.stacks[k]).violations.filter((v) => v.ruleName.includes('LambdaConcurrency'))),
    );
    expect(violations).toEqual([]);
  });
});
