import * as events from 'aws-cdk-lib/aws-events';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { topicTarget } from '../core/topic-publisher';

/** The AWS Backup events this construct reports, and the states that mean a copy is missing. */
export const BACKUP_JOB_EVENTS = {
  detailTypes: ['Backup Job State Change', 'Copy Job State Change'],
  failedStates: ['FAILED', 'ABORTED', 'EXPIRED', 'PARTIAL'],
} as const;

export interface BackupJobAlertsProps {
  /** The alarm topic (customer-managed key): every failed job is told there. */
  readonly alarmTopic: sns.ITopic;
  /**
   * Where a notification EventBridge could not publish goes: the alarm topic's own queue of
   * undelivered notifications, which is already alarmed (its key must admit EventBridge).
   */
  readonly undelivered: sqs.IQueue;
}

/**
 * MON-2 for DATA-4: a nightly backup or its copy to the DR region that fails, is aborted, or never
 * starts within its window is told to the alarm topic as it happens. AWS Backup has no metric per
 * plan that an alarm could watch reliably, but it sends a state-change event for every job
 * (best effort, within about 5 minutes), in the region where the job runs: both the backup and
 * the copy job run in the primary region.
 */
export class BackupJobAlerts extends Construct {
  public readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: BackupJobAlertsProps) {
    super(scope, id);
    const field = (path: string) => events.EventField.fromPath(path);
    const message = events.RuleTargetInput.fromText(
      `AWS Backup: ${field('$.detail-type')} ${field('$.detail.state')} for ${field('$.resources')} ` +
        `(vault ${field('$.detail.backupVaultName')}${field('$.detail.destinationBackupVaultArn')}): ${field('$.detail.statusMessage')}. ` +
        'Last night\'s recovery point or its copy in the DR region is missing (DATA-4). Check the job in the AWS Backup console and start an on-demand job once the cause is fixed.',
    );
    this.rule = new events.Rule(this, 'FailedJobs', {
      description: 'AWS Backup backup and copy jobs that failed, were aborted or expired, to the alarm topic (DATA-4, MON-2)',
      eventPattern: {
        source: ['aws.backup'],
        detailType: [...BACKUP_JOB_EVENTS.detailTypes],
        detail: { state: [...BACKUP_JOB_EVENTS.failedStates] },
      },
      targets: [
        // EventBridge publishes with its own role, so the topic's key policy stays as it is.
        topicTarget(this, 'Publisher', props.alarmTopic, {
          message,
          deadLetterQueue: props.undelivered,
          description: 'EventBridge: publish failed AWS Backup jobs to the alarm topic',
        }),
      ],
    });
  }
}
