import { GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { Check, CheckResult, fail, pass } from '../check';
import { RESOURCES } from '../deployment';
import { VerifyContext } from './context';

const CHECK = 'canary';
/** Runs looked at: the canary runs every minute (lib/monitoring/endpoint-canary.ts); 15 minutes is 15 runs. */
export const CANARY_WINDOW_MINUTES = 15;

export interface CanaryDatapoint {
  readonly timestamp: Date;
  /** SuccessPercent of the runs in that minute. */
  readonly successPercent: number;
}

/**
 * Green = runs in the window, and the newest all succeeded. Read from the canary's own metric,
 * `CloudWatchSynthetics` / `SuccessPercent` by `CanaryName`, published when each run ends
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Synthetics_Canaries_metrics.html),
 * the figure the endpoint-unreachable alarm watches.
 */
export function evaluateCanary(points: readonly CanaryDatapoint[], canaryName: string, region: string): CheckResult {
  if (points.length === 0) {
    return fail(CHECK, `${canaryName}: no run in the last ${CANARY_WINDOW_MINUTES} minutes`, 'Start the canary (aws synthetics start-canary) and check it is not stopped by an error (its last run\'s log in the artifact bucket).', region);
  }
  const sorted = [...points].sort((a, b) => a.timestamp.getTime() - b.timestamp.getTime());
  const last = sorted[sorted.length - 1];
  const failing = sorted.filter((p) => p.successPercent < 100).length;
  if (last.successPercent < 100) {
    return fail(CHECK, `${canaryName}: last run ${last.successPercent}% successful at ${last.timestamp.toISOString()} (${failing} of ${sorted.length} minutes failing)`, 'Open the canary\'s last run (screenshot, HAR, log): DNS, certificate, mTLS client certificate or the site allowlist are the usual causes.', region);
  }
  return pass(CHECK, `${canaryName}: last run succeeded at ${last.timestamp.toISOString()}, ${sorted.length - failing} of ${sorted.length} minutes green`, region);
}

export const canaryCheck: Check<VerifyContext> = {
  name: CHECK,
  async run({ config, clients, deployment, now }) {
    const region = config.primaryRegion;
    const canaryName = (await deployment.physicalId(RESOURCES.canary)) ?? `${config.projectName}-endpoint`;
    const out = await clients.client('cloudwatch', region).send(
      new GetMetricStatisticsCommand({
        Namespace: 'CloudWatchSynthetics',
        MetricName: 'SuccessPercent',
        Dimensions: [{ Name: 'CanaryName', Value: canaryName }],
        StartTime: new Date(now.getTime() - CANARY_WINDOW_MINUTES * 60_000),
        EndTime: now,
        Period: 60,
        Statistics: ['Average'],
      }),
    );
    const points = (out.Datapoints ?? []).map((d) => ({ timestamp: d.Timestamp!, successPercent: d.Average ?? 0 }));
    return [evaluateCanary(points, canaryName, region)] as CheckResult[];
  },
};
