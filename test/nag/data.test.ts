import { ArnFormat, Aws, CfnDeletionPolicy, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { expectFlagged, expectNotFlagged, newStack, siblingStack } from './nag-test-helpers';

function db(stack: Stack, props: Partial<rds.CfnDBInstanceProps> = {}, id = 'Db') {
  return new rds.CfnDBInstance(stack, id, { engine: 'postgres', dbInstanceClass: 'db.m7g.large', allocatedStorage: '100', ...props });
}

describe('DATA-1 DatabaseEncryptedWithRotatingKey', () => {
  const id = 'Hardened-DATA-1-DatabaseEncryptedWithRotatingKey';
  test('flags a database encrypted with the AWS managed key', () => expectFlagged(db(newStack(), { storageEncrypted: true }), id));
  test('flags a key that does not rotate', () => {
    const stack = newStack();
    const key = new kms.CfnKey(stack, 'Key', { enableKeyRotation: false });
    expectFlagged(db(stack, { storageEncrypted: true, kmsKeyId: key.attrArn }), id);
  });
  test('flags a replica without its own key', () => {
    expectFlagged(db(newStack(), { sourceDbInstanceIdentifier: 'arn:aws:rds:ap-northeast-1:111111111111:db:primary' }), id);
  });
  test('passes a database encrypted with a rotating customer-managed key', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    expectNotFlagged(db(stack, { storageEncrypted: true, kmsKeyId: key.keyArn }), id);
  });
  test('passes a replica naming a key by ARN', () => {
    const kmsKeyId = 'arn:aws:kms:ap-northeast-3:111111111111:key/k';
    expectNotFlagged(db(newStack(), { sourceDbInstanceIdentifier: 'arn:aws:rds:ap-northeast-1:111111111111:db:primary', kmsKeyId }), id);
  });
});

describe('DATA-2 DatabaseBackedUpNightly', () => {
  const id = 'Hardened-DATA-2-DatabaseBackedUpNightly';
  test('flags a backup window in the Japanese afternoon', () => {
    expectFlagged(db(newStack(), { backupRetentionPeriod: 35, preferredBackupWindow: '05:00-06:00' }), id);
  });
  test('flags one day of backups', () => expectFlagged(db(newStack(), { backupRetentionPeriod: 1, preferredBackupWindow: '17:00-18:00' }), id));
  test('flags a database without a backup window', () => expectFlagged(db(newStack(), { backupRetentionPeriod: 35 }), id));
  test('passes 02:00–03:00 JST with 35 days of backups', () => {
    expectNotFlagged(db(newStack(), { backupRetentionPeriod: 35, preferredBackupWindow: '17:00-18:00' }), id);
  });
});

describe('DATA-2 DatabaseMultiAzAndDeletionProtected', () => {
  const id = 'Hardened-DATA-2-DatabaseMultiAzAndDeletionProtected';
  test('flags a single-AZ database', () => expectFlagged(db(newStack(), { deletionProtection: true }), id));
  test('passes a Multi-AZ, deletion-protected database', () => expectNotFlagged(db(newStack(), { multiAz: true, deletionProtection: true }), id));
  test('does not apply to a replica', () => expectNotFlagged(db(newStack(), { sourceDbInstanceIdentifier: 'primary' }), id));
});

describe('DATA-3 DatabaseHasCrossRegionReplica', () => {
  const id = 'Hardened-DATA-3-DatabaseHasCrossRegionReplica';
  const SOURCE = 'arn:aws:rds:ap-northeast-1:111111111111:db:hardened-db';
  test('flags a primary without a replica', () => expectFlagged(db(newStack(), { dbInstanceIdentifier: 'hardened-db' }), id));
  test('flags a replica in the same region', () => {
    const primary = newStack('Data');
    const instance = db(primary, { dbInstanceIdentifier: 'hardened-db' });
    db(siblingStack(primary, 'Replica'), { sourceDbInstanceIdentifier: SOURCE, kmsKeyId: 'arn:aws:kms:ap-northeast-1:111111111111:key/k' });
    expectFlagged(instance, id);
  });
  test('flags an unencrypted cross-region replica', () => {
    const primary = newStack('Data');
    const instance = db(primary, { dbInstanceIdentifier: 'hardened-db' });
    db(siblingStack(primary, 'Dr', 'ap-northeast-3'), { sourceDbInstanceIdentifier: SOURCE });
    expectFlagged(instance, id);
  });
  test('passes an encrypted replica in the DR region naming the primary by literal ARN', () => {
    const primary = newStack('Data');
    const instance = db(primary, { dbInstanceIdentifier: 'Hardened-DB' });
    const dr = siblingStack(primary, 'Dr', 'ap-northeast-3');
    db(dr, { sourceDbInstanceIdentifier: `arn:${dr.partition}:rds:ap-northeast-1:111111111111:db:hardened-db`, kmsKeyId: new kms.Key(dr, 'DrKey').keyArn });
    expectNotFlagged(instance, id);
  });
});

function plan(stack: Stack, destinationBackupVaultArn: string) {
  return new backup.CfnBackupPlan(stack, 'Plan', {
    backupPlan: {
      backupPlanName: 'daily',
      backupPlanRule: [
        {
          ruleName: 'daily',
          targetBackupVault: 'primary',
          scheduleExpression: 'cron(0 17 * * ? *)',
          copyActions: [{ destinationBackupVaultArn, lifecycle: { deleteAfterDays: 35 } }],
        },
      ],
    },
  });
}

describe('DATA-4 BackupPlanCopiesToOtherRegion', () => {
  const id = 'Hardened-DATA-4-BackupPlanCopiesToOtherRegion';
  test('flags a copy to the same region', () => expectFlagged(plan(newStack(), 'arn:aws:backup:ap-northeast-1:111111111111:backup-vault:copy'), id));
  test('flags a copy whose region is not known at synth time', () => {
    expectFlagged(plan(newStack(), `arn:aws:backup:${Aws.REGION}:111111111111:backup-vault:copy`), id);
  });
  test('passes a copy to a literal vault ARN in Osaka', () => {
    expectNotFlagged(plan(newStack(), 'arn:aws:backup:ap-northeast-3:111111111111:backup-vault:copy'), id);
  });
  test('passes a copy to a vault of the DR stack', () => {
    const primary = newStack('Data');
    const dr = siblingStack(primary, 'Dr', 'ap-northeast-3');
    const vault = new backup.CfnBackupVault(dr, 'Copies', { backupVaultName: 'copies' });
    expectNotFlagged(plan(primary, vault.attrBackupVaultArn), id);
  });
});

describe('DATA-4 BackupVaultLocked', () => {
  const id = 'Hardened-DATA-4-BackupVaultLocked';
  test('flags an unlocked vault', () => expectFlagged(new backup.CfnBackupVault(newStack(), 'Vault', { backupVaultName: 'v' }), id));
  test('passes a vault locked for 7 days', () => {
    expectNotFlagged(new backup.CfnBackupVault(newStack(), 'Vault', { backupVaultName: 'v', lockConfiguration: { minRetentionDays: 7 } }), id);
  });
});

describe('DATA-4 DatabaseInBackupPlan', () => {
  const id = 'Hardened-DATA-4-DatabaseInBackupPlan';
  test('flags a database no backup selection names', () => expectFlagged(db(newStack()), id));
  test('passes a database selected by reference in its ARN', () => {
    const stack = newStack();
    const instance = db(stack);
    const p = plan(stack, 'arn:aws:backup:ap-northeast-3:111111111111:backup-vault:copy');
    new backup.CfnBackupSelection(stack, 'Selection', {
      backupPlanId: p.attrBackupPlanId,
      backupSelection: {
        selectionName: 'db',
        iamRoleArn: 'arn:aws:iam::111111111111:role/backup',
        resources: [Stack.of(instance).formatArn({ service: 'rds', resource: 'db', resourceName: instance.ref, arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
      },
    });
    expectNotFlagged(instance, id);
  });
});

describe('DATA-5 StatefulResourceRetained', () => {
  const id = 'Hardened-DATA-5-StatefulResourceRetained';
  test('flags a queue destroyed with its stack', () => expectFlagged(new sqs.Queue(newStack(), 'Dlq'), id));
  test('flags a bucket retained on delete but not on replacement', () => {
    const bucket = new s3.CfnBucket(newStack(), 'Bucket');
    bucket.cfnOptions.deletionPolicy = CfnDeletionPolicy.RETAIN;
    expectFlagged(bucket, id);
  });
  test('passes a retained bucket', () => expectNotFlagged(new s3.Bucket(newStack(), 'Bucket', { removalPolicy: RemovalPolicy.RETAIN }), id));
  test('passes a database kept as a snapshot', () => {
    const instance = db(newStack());
    instance.applyRemovalPolicy(RemovalPolicy.SNAPSHOT);
    expectNotFlagged(instance, id);
  });
});

describe('DATA-6 DatabaseForcesTls', () => {
  const id = 'Hardened-DATA-6-DatabaseForcesTls';
  const withParameters = (parameters: Record<string, string>) => {
    const stack = newStack();
    const group = new rds.CfnDBParameterGroup(stack, 'Params', { family: 'postgres17', description: 'p', parameters });
    return db(stack, { dbParameterGroupName: group.ref });
  };
  test('flags a database with the default parameter group', () => expectFlagged(db(newStack()), id));
  test('flags a parameter group that does not force SSL', () => expectFlagged(withParameters({ 'rds.force_ssl': '0' }), id));
  test('passes rds.force_ssl = 1', () => expectNotFlagged(withParameters({ 'rds.force_ssl': '1' }), id));
});

describe('DATA-6 DatabaseUsesIamAuth', () => {
  const id = 'Hardened-DATA-6-DatabaseUsesIamAuth';
  test('flags a database without IAM authentication', () => expectFlagged(db(newStack()), id));
  test('passes IAM database authentication', () => expectNotFlagged(db(newStack(), { enableIamDatabaseAuthentication: true }), id));
});

describe('DATA-6 DatabaseCredentialsRotated', () => {
  const id = 'Hardened-DATA-6-DatabaseCredentialsRotated';
  const withSecret = (rotationRules?: secretsmanager.CfnRotationSchedule.RotationRulesProperty) => {
    const stack = newStack();
    const secret = new secretsmanager.CfnSecret(stack, 'Secret', { generateSecretString: { generateStringKey: 'password', secretStringTemplate: '{"username":"app"}' } });
    const instance = db(stack, {
      masterUsername: 'app',
      masterUserPassword: `{{resolve:secretsmanager:${secret.ref}:SecretString:password::}}`,
    });
    if (rotationRules) {
      new secretsmanager.CfnRotationSchedule(stack, 'Rotation', {
        secretId: secret.ref,
        rotationLambdaArn: 'arn:aws:lambda:ap-northeast-1:111111111111:function:rotate',
        rotationRules,
      });
    }
    return instance;
  };
  test('flags a secret that is never rotated', () => expectFlagged(withSecret(), id));
  test('flags a 90-day rotation', () => expectFlagged(withSecret({ automaticallyAfterDays: 90 }), id));
  test('passes a 30-day rotation of the secret the database uses', () => expectNotFlagged(withSecret({ scheduleExpression: 'rate(30 days)' }), id));
  test('passes an RDS-managed master password', () => expectNotFlagged(db(newStack(), { manageMasterUserPassword: true }), id));
  test('flags a second login attached to the instance that rotates yearly while the master rotates monthly', () => {
    const instance = withSecret({ automaticallyAfterDays: 30 });
    const stack = instance.stack;
    const appUser = new secretsmanager.CfnSecret(stack, 'AppUser', { generateSecretString: { generateStringKey: 'password', secretStringTemplate: '{"username":"app_user"}' } });
    const attachment = new secretsmanager.CfnSecretTargetAttachment(stack, 'AppUserAttachment', { secretId: appUser.ref, targetId: instance.ref, targetType: 'AWS::RDS::DBInstance' });
    new secretsmanager.CfnRotationSchedule(stack, 'AppUserRotation', {
      secretId: attachment.ref,
      rotationLambdaArn: 'arn:aws:lambda:ap-northeast-1:111111111111:function:rotate',
      rotationRules: { automaticallyAfterDays: 365 },
    });
    expectFlagged(instance, id);
  });
  test('passes an L2 instance with single-user rotation of its generated secret', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    const instance = new rds.DatabaseInstance(stack, 'L2Db', {
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_17_6 }),
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    });
    instance.addRotationSingleUser({ automaticallyAfter: Duration.days(30) });
    expectNotFlagged(instance, id);
  });
});
