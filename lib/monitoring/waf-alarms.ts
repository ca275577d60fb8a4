import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { AlarmFactory } from './alarm-factory';
import { AlarmThresholds } from './thresholds';

const ONE_MINUTE = Duration.minutes(1);

/**
 * Metric factory of a regional web ACL (`AWS/WAFV2`, dimensions WebACL = the ACL's metric name,
 * Region, Rule; `Rule=ALL` is the whole ACL). WAF reports once a minute, only non-zero counts.
 */
export class WafMetrics {
  constructor(
    private readonly webAclMetricName: string,
    private readonly region: string,
  ) {}

  public blockedRequests(): cloudwatch.Metric {
    return this.metric('BlockedRequests', 'Blocked requests');
  }

  public allowedRequests(): cloudwatch.Metric {
    return this.metric('AllowedRequests', 'Allowed requests');
  }

  private metric(metricName: string, label: string): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/WAFV2',
      metricName,
      dimensionsMap: { WebACL: this.webAclMetricName, Region: this.region, Rule: 'ALL' },
      statistic: 'Sum',
      period: ONE_MINUTE,
      label,
    });
  }
}

export interface WafAlarmsProps {
  readonly metrics: WafMetrics;
  readonly alarms: AlarmFactory;
  readonly thresholds: AlarmThresholds;
}

/** MON-2: the web ACL in front of the ALB. */
export class WafAlarms extends Construct {
  public readonly blockedRequestsSpike: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: WafAlarmsProps) {
    super(scope, id);
    const { metrics, alarms, thresholds } = props;
    this.blockedRequestsSpike = alarms.addAlarm(this, 'BlockedRequestsSpike', {
      name: 'waf-blocked-requests-spike',
      description: `The web ACL blocked more than ${thresholds.wafBlockedRequestsPerMinute} requests/min in 3 of 4 minutes: an attack in progress, or a rule blocking customers. Check the sampled requests and the WAF log.`,
      metric: metrics.blockedRequests(),
      threshold: thresholds.wafBlockedRequestsPerMinute,
      comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      // WAF reports blocks only when there are some.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      datapointsToAlarm: 3,
      evaluationPeriods: 4,
    });
  }
}
