import { CfnOutput, Stack, StackProps } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { HardenedConfig } from '../config/types';
import { allowEventBridgeDeadLetters } from '../core/managed-key';
import { AlarmFactory } from '../monitoring/alarm-factory';
import { AlarmTopic } from '../monitoring/alarm-topic';

export interface AlertingStackProps extends StackProps {
  readonly config: HardenedConfig;
}

/**
 * Where every alarm and alert of the primary region notifies (MON-1): the encrypted alarm topic,
 * its key, its queue of undelivered notifications and the configured subscriptions, and the one
 * `AlarmFactory` made from that topic. It sits below every stack that alarms or tells the topic
 * (Monitoring, Files), deployed right after Audit, so that none of them owns what the others need.
 *
 * It holds no alarm itself: the Monitoring stack alarms on the topic's failures too
 * (`NotificationAlarms`). The DR region keeps its own topic and factory in the Dr stack
 * (`ReplicaLagMonitoring`): its alerting must work when the primary region does not.
 */
export class AlertingStack extends Stack {
  public readonly alarmTopic: AlarmTopic;
  public readonly topic: sns.Topic;
  /**
   * The one factory of the primary region's alarms: each notifies the topic on ALARM and OK, with
   * an honest detection bound within its class. Hand it to whoever makes alarms.
   */
  public readonly alarmFactory: AlarmFactory;

  constructor(scope: Construct, id: string, props: AlertingStackProps) {
    super(scope, id, props);
    const { config } = props;
    if (this.region !== config.primaryRegion) {
      throw new Error(`AlertingStack must be in primaryRegion "${config.primaryRegion}" (the DR region's topic is in the Dr stack), got env region "${this.region}".`);
    }
    const prefix = config.projectName;
    this.alarmTopic = new AlarmTopic(this, 'AlarmTopic', {
      // Not `<project>/alarms`, the alias of the topic key the Monitoring stack held before this
      // stack existed: an existing deployment still has it while this stack is created.
      keyAlias: `${prefix}/alerting`,
      displayName: `${prefix} alarms`,
      emails: config.monitoring.alarmEmails,
      httpsEndpoints: config.monitoring.alarmHttpsEndpoints,
    });
    this.topic = this.alarmTopic.topic;
    // Alerts EventBridge could not publish to the topic (failed backup jobs, RDS events) are parked
    // in the undelivered queue; the rules that send them are in the stacks above.
    allowEventBridgeDeadLetters(this.alarmTopic.key);
    this.alarmTopic.allowEventRouteDeadLetters();
    this.alarmFactory = new AlarmFactory({ action: this.alarmTopic.action, namePrefix: prefix });

    new CfnOutput(this, 'AlarmTopicArn', { value: this.topic.topicArn, description: 'SNS topic every alarm of the primary region notifies' });
  }
}
