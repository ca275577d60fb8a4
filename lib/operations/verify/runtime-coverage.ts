import { CoverageResource, ListCoverageCommand, ListDetectorsCommand } from '@aws-sdk/client-guardduty';
import { Check, CheckResult, fail, pass } from '../check';
import { RESOURCES } from '../deployment';
import { VerifyContext } from './context';

const CHECK = 'guardduty runtime coverage';

/**
 * GuardDuty reports runtime coverage of an ECS cluster from its Fargate tasks started after
 * Runtime Monitoring was enabled; UNHEALTHY carries the issue (agent not pulled, no VPC endpoint…)
 * (https://docs.aws.amazon.com/guardduty/latest/ug/gdu-assess-coverage-ecs.html).
 */
export function evaluateCoverage(resources: readonly CoverageResource[], clusterName: string, region: string): CheckResult {
  if (resources.length === 0) {
    return fail(CHECK, `no coverage reported for cluster ${clusterName}`, 'Enable Runtime Monitoring with automated agent configuration for ECS Fargate, then restart the tasks (running tasks never get the agent).', region);
  }
  const unhealthy = resources.filter((r) => r.CoverageStatus !== 'HEALTHY');
  if (unhealthy.length > 0) {
    const issues = [...new Set(unhealthy.map((r) => r.Issue ?? 'no issue given'))].join('; ');
    return fail(CHECK, `${clusterName}: ${unhealthy.length} of ${resources.length} UNHEALTHY (${issues})`, 'Fix the issue shown (the task execution role must pull the agent from GuardDuty\'s ECR repository; the GuardDuty VPC endpoint must exist), then force a new deployment of the service.', region);
  }
  return pass(CHECK, `${clusterName}: ${resources.length} of ${resources.length} HEALTHY`, region);
}

export const runtimeCoverageCheck: Check<VerifyContext> = {
  name: CHECK,
  async run({ config, clients, deployment }) {
    const region = config.primaryRegion;
    const clusterId = await deployment.physicalId(RESOURCES.cluster);
    if (!clusterId) return [fail(CHECK, 'no ECS cluster: the App stack is not deployed', 'Deploy the stacks, then rerun verify.', region)];
    const clusterName = clusterId.replace(/^arn:.*:cluster\//, '');
    const gd = clients.client('guardduty', region);
    const detectorId = (await gd.send(new ListDetectorsCommand({}))).DetectorIds?.[0];
    if (!detectorId) return [fail(CHECK, 'no GuardDuty detector in the region', 'Enable GuardDuty (threat.createDetector, or through the organisation).', region)];
    const resources: CoverageResource[] = [];
    let token: string | undefined;
    do {
      const out = await gd.send(
        new ListCoverageCommand({
          DetectorId: detectorId,
          NextToken: token,
          FilterCriteria: { FilterCriterion: [{ CriterionKey: 'ECS_CLUSTER_NAME', FilterCondition: { Equals: [clusterName] } }] },
        }),
      );
      resources.push(...(out.Resources ?? []));
      token = out.NextToken;
    } while (token);
    return [evaluateCoverage(resources, clusterName, region)] as CheckResult[];
  },
};
