import { Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as rds from 'aws-cdk-lib/aws-rds';
import { expectFlagged, expectNotFlagged, newStack } from './nag-test-helpers';

// DATA-2's night is the one of the time zone the app's backup plans are scheduled in (the
// configuration's `timeZone`), not always Japan's.
const id = 'Hardened-DATA-2-DatabaseBackedUpNightly';

function db(stack: Stack, preferredBackupWindow: string) {
  return new rds.CfnDBInstance(stack, 'Db', { engine: 'postgres', dbInstanceClass: 'db.m7g.large', allocatedStorage: '100', backupRetentionPeriod: 35, preferredBackupWindow });
}

function planIn(stack: Stack, scheduleExpressionTimezone: string) {
  new backup.CfnBackupPlan(stack, 'Plan', {
    backupPlan: {
      backupPlanName: 'p',
      backupPlanRule: [{ ruleName: 'Nightly', targetBackupVault: 'v', scheduleExpression: 'cron(0 23 * * ? *)', scheduleExpressionTimezone }],
    },
  });
}

test('with a plan in Europe/Berlin, a European night window passes and the Japanese night fails', () => {
  const european = newStack();
  planIn(european, 'Europe/Berlin');
  expectNotFlagged(db(european, '00:00-01:00'), id);
  const japanese = newStack();
  planIn(japanese, 'Europe/Berlin');
  expectFlagged(db(japanese, '17:00-18:00'), id);
});

test('a window at night in winter but in the morning in summer time fails (every UTC offset counts)', () => {
  const stack = newStack();
  planIn(stack, 'Europe/Berlin');
  expectFlagged(db(stack, '04:00-05:00'), id);
});

test('with no plan naming a zone, the night is Asia/Tokyo', () => {
  expectNotFlagged(db(newStack(), '17:00-18:00'), id);
  expectFlagged(db(newStack(), '00:00-01:00'), id);
});
