/**
 * When a datapoint becomes visible to an alarm (MON-1): each metric source's publication delay,
 * measured from the END of the period the datapoint describes, with the AWS page it comes from.
 *
 * AWS documents how often each service publishes (every minute, only when non-zero, …) but
 * rarely a latency figure. Where a page gives none, the figure below is this project's assumption
 * ("basis" says which) and `FAULT-DRILLS.md` says how to replace it with a measured time-to-alarm.
 * Pure data: no CDK import, so the alarm table, the nag rule and the simulator share it.
 */

export interface MetricSource {
  /** Short name for tables. */
  readonly name: string;
  /** CloudWatch namespaces the source publishes in. */
  readonly namespaces: readonly string[];
  /** Seconds after a period ends until its datapoint can be read by an alarm. */
  readonly publicationDelaySeconds: number;
  /**
   * Extra seconds before a source that has gone quiet publishes again (SQS stops publishing for
   * queues inactive for six hours; a dead-letter queue is idle by design). @default 0
   */
  readonly idleResumeSeconds?: number;
  /** The AWS documentation page the behaviour comes from. */
  readonly doc: string;
  /** What the page says, or that the figure is an assumption. */
  readonly basis: string;
}

/** CloudWatch evaluates a standard-resolution alarm once a minute. */
export const ALARM_EVALUATION = {
  /** Seconds between two evaluations: a datapoint that just missed one waits this long. */
  cadenceSeconds: 60,
  /**
   * Periods CloudWatch retrieves beyond N when datapoints are missing (the "evaluation range").
   * The page describes the retrieval but not its size; its worked examples show five datapoints
   * for a 3-of-3 alarm, so N + 2 is used.
   */
  evaluationRangeExtraPeriods: 2,
  doc: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-evaluation.html',
  missingDataDoc: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarms-and-missing-data.html',
  metricMathDoc: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html',
  compositeDoc: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Create_Composite_Alarm.html',
} as const;

const ASSUMED_ONE_MINUTE = 'publishes every 60 s; latency not documented: one minute assumed (CloudWatch ingestion)';

export const METRIC_SOURCES: readonly MetricSource[] = [
  {
    name: 'ALB',
    namespaces: ['AWS/ApplicationELB'],
    publicationDelaySeconds: 60,
    // "reports metrics to CloudWatch only when requests are flowing … in 60-second intervals"
    doc: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html',
    basis: `${ASSUMED_ONE_MINUTE}; counts only when non-zero`,
  },
  {
    name: 'ECS Container Insights',
    namespaces: ['ECS/ContainerInsights'],
    publicationDelaySeconds: 60,
    // Container Insights sends performance log events (EMF) that CloudWatch turns into metrics.
    doc: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Container-Insights-metrics-ECS.html',
    basis: `${ASSUMED_ONE_MINUTE}; task counts published per service every minute`,
  },
  {
    name: 'ECS',
    namespaces: ['AWS/ECS'],
    publicationDelaySeconds: 60,
    doc: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/available-metrics.html',
    basis: ASSUMED_ONE_MINUTE,
  },
  {
    name: 'RDS',
    namespaces: ['AWS/RDS'],
    publicationDelaySeconds: 60,
    // "Amazon RDS automatically sends metrics to CloudWatch every minute."
    doc: 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/monitoring-cloudwatch.html',
    basis: ASSUMED_ONE_MINUTE,
  },
  {
    name: 'Synthetics',
    namespaces: ['CloudWatchSynthetics'],
    publicationDelaySeconds: 30,
    // A run publishes SuccessPercent when it ends; the probe's timeout is 30 s.
    doc: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Synthetics_Canaries_metrics.html',
    basis: 'published when the run ends (timeout 30 s, within its minute); 30 s ingestion assumed',
  },
  {
    name: 'WAF',
    namespaces: ['AWS/WAFV2'],
    publicationDelaySeconds: 60,
    // "AWS WAF reports metrics once a minute" (non-zero counts only).
    doc: 'https://docs.aws.amazon.com/waf/latest/developerguide/monitoring-cloudwatch.html',
    basis: ASSUMED_ONE_MINUTE,
  },
  {
    name: 'Network Firewall',
    namespaces: ['AWS/NetworkFirewall'],
    publicationDelaySeconds: 60,
    doc: 'https://docs.aws.amazon.com/network-firewall/latest/developerguide/monitoring-cloudwatch.html',
    basis: `${ASSUMED_ONE_MINUTE}; per endpoint, only when non-zero`,
  },
  {
    name: 'Lambda',
    namespaces: ['AWS/Lambda'],
    publicationDelaySeconds: 60,
    doc: 'https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics.html',
    basis: `${ASSUMED_ONE_MINUTE}; only while invoked`,
  },
  {
    name: 'SQS',
    namespaces: ['AWS/SQS'],
    publicationDelaySeconds: 60,
    idleResumeSeconds: 900,
    // Queues inactive for more than six hours stop reporting; metrics can take up to 15 minutes to resume.
    doc: 'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/monitoring-using-cloudwatch.html',
    basis: 'pushed every minute; an inactive queue (a dead-letter queue, by design) takes up to 15 minutes to resume',
  },
  {
    name: 'SNS',
    namespaces: ['AWS/SNS'],
    publicationDelaySeconds: 60,
    doc: 'https://docs.aws.amazon.com/sns/latest/dg/sns-monitoring-using-cloudwatch.html',
    basis: ASSUMED_ONE_MINUTE,
  },
  {
    name: 'EventBridge Scheduler',
    namespaces: ['AWS/Scheduler'],
    publicationDelaySeconds: 60,
    doc: 'https://docs.aws.amazon.com/scheduler/latest/UserGuide/monitoring-cloudwatch.html',
    basis: `${ASSUMED_ONE_MINUTE}; only when an invocation happens`,
  },
  {
    name: 'EventBridge',
    namespaces: ['AWS/Events'],
    publicationDelaySeconds: 60,
    doc: 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-monitoring.html',
    basis: `${ASSUMED_ONE_MINUTE}; per rule, only when it matches or invokes`,
  },
];

/** Metrics an application writes itself (embedded metric format in its logs, or PutMetricData). */
export const CUSTOM_METRICS: MetricSource = {
  name: 'custom (EMF)',
  namespaces: [],
  publicationDelaySeconds: 60,
  doc: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format.html',
  basis: 'extracted from log events as they are ingested; one minute assumed',
};

/** The source of a namespace; anything not listed is an application's own (EMF) metric. */
export function sourceOfNamespace(namespace: string): MetricSource {
  return METRIC_SOURCES.find((s) => s.namespaces.includes(namespace)) ?? CUSTOM_METRICS;
}

/** An AWS service's events as EventBridge delivers them to a rule. */
export interface EventSource {
  readonly name: string;
  /** The `source` field of the events. */
  readonly source: string;
  /** Seconds between the state change and the event reaching EventBridge. */
  readonly deliveryDelaySeconds: number;
  readonly doc: string;
  readonly basis: string;
}

export const EVENT_SOURCES: readonly EventSource[] = [
  {
    name: 'AWS Backup',
    source: 'aws.backup',
    deliveryDelaySeconds: 300,
    doc: 'https://docs.aws.amazon.com/aws-backup/latest/devguide/eventbridge.html',
    basis: '"AWS Backup emits events to EventBridge in a best-effort manner every 5 minutes"',
  },
  {
    name: 'RDS',
    source: 'aws.rds',
    deliveryDelaySeconds: 60,
    doc: 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-cloud-watch-events.html',
    basis: 'best-effort delivery, latency not documented: one minute assumed',
  },
];

/** The delivery delay of events with `source`; unknown sources count as one minute. */
export function eventSourceOf(source: string): EventSource {
  return (
    EVENT_SOURCES.find((s) => s.source === source) ?? {
      name: source,
      source,
      deliveryDelaySeconds: 60,
      doc: 'https://docs.aws.amazon.com/eventbridge/latest/ref/event-delivery-level.html',
      basis: 'best-effort delivery: one minute assumed',
    }
  );
}
