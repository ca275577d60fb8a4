import { Duration, TimeZone, Validations } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import {
  BACKUP_PLAN_START_WINDOW_MINUTES,
  backupPlanStartLocal,
  DEFAULT_NIGHT_TIME_ZONE,
  formatClock,
  isBackupPlanAtNight,
  parseUtcWindow,
} from './backup-night';

/** A job that has not started within this window is skipped (and reported) rather than overlapping RDS's own backup. */
export const PLAN_START_WINDOW = Duration.minutes(BACKUP_PLAN_START_WINDOW_MINUTES);
/** A job still running after this is cancelled and reported. */
export const PLAN_COMPLETION_WINDOW = Duration.hours(8);

export interface DatabaseBackupPlanProps {
  /** The database to back up. */
  readonly database: rds.IDatabaseInstance;
  /** Name of the plan, as shown in the AWS Backup console. */
  readonly backupPlanName: string;
  /** The primary region's locked vault. */
  readonly vault: backup.IBackupVault;
  /** Literal ARN of the DR region's vault (no cross-region reference; see `drBackupVaultArn`). */
  readonly drVaultArn: string;
  /** RDS's own backup window, 'hh:mm-hh:mm' UTC; the plan runs before it, still at night. */
  readonly rdsBackupWindowUtc: string;
  /** Days each recovery point is kept, in both regions. */
  readonly retentionDays: number;
  /**
   * IANA time zone whose night the plan runs in; its schedule is written in this zone.
   * @default 'Asia/Tokyo'
   */
  readonly timeZone?: string;
}

/**
 * A daily AWS Backup plan at night (in the configured time zone) for the database, each recovery point copied to the DR
 * region's vault (DATA-4). Point-in-time recovery stays with RDS's automated backups; this plan
 * adds locked, off-site snapshots.
 */
export class DatabaseBackupPlan extends Construct {
  public readonly plan: backup.BackupPlan;
  public readonly selection: backup.BackupSelection;
  /**
   * The role AWS Backup uses for this plan's jobs (AWSBackupServiceRolePolicyForBackup), for
   * other stacks' selections in the same plan.
   */
  public readonly role: iam.IRole;
  /** Start of the daily job, minutes after local midnight in `timeZone`. */
  public readonly startLocal: number;
  /** The time zone the plan's schedule is read in. */
  public readonly timeZone: string;

  constructor(scope: Construct, id: string, props: DatabaseBackupPlanProps) {
    super(scope, id);
    const rdsWindow = parseUtcWindow(props.rdsBackupWindowUtc);
    this.timeZone = props.timeZone ?? DEFAULT_NIGHT_TIME_ZONE;
    this.startLocal = backupPlanStartLocal(rdsWindow, this.timeZone);
    if (!isBackupPlanAtNight(rdsWindow, this.timeZone)) {
      throw new Error(
        `The backup plan would start at ${formatClock(this.startLocal)} ${this.timeZone} (two hours before data.backupWindowUtc "${props.rdsBackupWindowUtc}"), ` +
          `outside the night (22:00-06:00 ${this.timeZone}): move data.backupWindowUtc later.`,
      );
    }
    const drVault = backup.BackupVault.fromBackupVaultArn(this, 'DrVault', props.drVaultArn);
    const retention = Duration.days(props.retentionDays);

    this.plan = new backup.BackupPlan(this, 'Plan', {
      backupPlanName: props.backupPlanName,
      backupVault: props.vault,
      backupPlanRules: [
        new backup.BackupPlanRule({
          ruleName: 'NightlyWithDrCopy',
          scheduleExpression: events.Schedule.cron({
            hour: String(Math.floor(this.startLocal / 60)),
            minute: String(this.startLocal % 60),
          }),
          // https://docs.aws.amazon.com/aws-backup/latest/devguide/creating-a-backup-plan.html (ScheduleExpressionTimezone)
          scheduleExpressionTimezone: TimeZone.of(this.timeZone),
          startWindow: PLAN_START_WINDOW,
          completionWindow: PLAN_COMPLETION_WINDOW,
          deleteAfter: retention,
          copyActions: [{ destinationBackupVault: drVault, deleteAfter: retention }],
        }),
      ],
    });
    this.selection = this.plan.addSelection('Database', {
      resources: [backup.BackupResource.fromRdsDatabaseInstance(props.database)],
    });
    this.role = this.selection.node.findChild('Role') as iam.Role;
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
      reason:
        'AWSBackupServiceRolePolicyForBackup is the AWS-maintained policy AWS Backup needs to back up RDS and DynamoDB (the IP blocker\'s table joins this plan) and copy recovery points to another region; AWS updates it as the services change.',
    });
  }
}
