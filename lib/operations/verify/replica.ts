import { GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { DBInstance, DescribeDBInstancesCommand } from '@aws-sdk/client-rds';
import { replicaInstanceIdentifier } from '../../data/names';
import { Check, CheckResult, fail, pass, warn } from '../check';
import { RESOURCES } from '../deployment';
import { VerifyContext } from './context';

const CHECK = 'database replica';
/** Above this lag (seconds) the DR copy is too old to promote without asking (RPO of the runbook). */
export const REPLICA_LAG_WARN_SECONDS = 900;

export interface ReplicaFacts {
  readonly identifier: string;
  /** DescribeDBInstances' answer, undefined when there is no such instance. */
  readonly instance?: Pick<DBInstance, 'DBInstanceStatus' | 'ReadReplicaSourceDBInstanceIdentifier' | 'StatusInfos'>;
  /** Largest ReplicaLag (seconds) of the last 15 minutes, undefined without datapoints. */
  readonly lagSeconds?: number;
}

/**
 * A replica replicates when it is available, still has a source, and its `read replication`
 * status is not in error (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DBInstanceStatusInfo.html).
 * Lag is a WARN only: PostgreSQL's ReplicaLag grows while the primary has no writes.
 */
export function evaluateReplica(facts: ReplicaFacts, region: string): CheckResult {
  const i = facts.instance;
  if (!i) return fail(CHECK, `${facts.identifier} not found`, 'Deploy the Dr stack (after Data).', region);
  if (!i.ReadReplicaSourceDBInstanceIdentifier) {
    return fail(CHECK, `${facts.identifier} has no source: it is not (or no longer) a replica`, 'If it was promoted on purpose, follow lib/data/RUNBOOK.md to re-create the replica.', region);
  }
  if (i.DBInstanceStatus !== 'available') return fail(CHECK, `${facts.identifier} is ${i.DBInstanceStatus}`, 'Wait for available; if it stays otherwise, see the RDS events of the instance.', region);
  const replication = (i.StatusInfos ?? []).find((s) => s.StatusType === 'read replication');
  if (replication && (!replication.Normal || /error|stopped|terminated/i.test(replication.Status ?? ''))) {
    return fail(CHECK, `${facts.identifier}: replication ${replication.Status}${replication.Message ? ` (${replication.Message})` : ''}`, 'Read the message; a terminated replication needs the replica re-created.', region);
  }
  const state = replication?.Status ?? 'available';
  if (facts.lagSeconds === undefined) return warn(CHECK, `${facts.identifier}: ${state}, no ReplicaLag datapoint in 15 minutes`, 'Rerun in 5 minutes; RDS publishes ReplicaLag every minute.', region);
  if (facts.lagSeconds > REPLICA_LAG_WARN_SECONDS) {
    return warn(CHECK, `${facts.identifier}: ${state}, lag ${facts.lagSeconds} s`, 'Lag grows while the primary has no writes; if it has writes, check the primary\'s load and the network.', region);
  }
  return pass(CHECK, `${facts.identifier}: ${state}, lag ${facts.lagSeconds} s`, region);
}

export const replicaCheck: Check<VerifyContext> = {
  name: CHECK,
  async run({ config, clients, deployment, now }) {
    const region = config.drRegion;
    const identifier = (await deployment.physicalId(RESOURCES.replica)) ?? replicaInstanceIdentifier(config);
    const instance = await clients
      .client('rds', region)
      .send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: identifier }))
      .then((o) => o.DBInstances?.[0], (e: Error) => (e.name === 'DBInstanceNotFoundFault' || /not found/i.test(e.message) ? undefined : Promise.reject(e)));
    let lagSeconds: number | undefined;
    if (instance) {
      const out = await clients.client('cloudwatch', region).send(
        new GetMetricStatisticsCommand({
          Namespace: 'AWS/RDS',
          MetricName: 'ReplicaLag',
          Dimensions: [{ Name: 'DBInstanceIdentifier', Value: identifier }],
          StartTime: new Date(now.getTime() - 15 * 60_000),
          EndTime: now,
          Period: 60,
          Statistics: ['Maximum'],
        }),
      );
      const points = out.Datapoints ?? [];
      if (points.length > 0) lagSeconds = Math.max(...points.map((p) => p.Maximum ?? 0));
    }
    return [evaluateReplica({ identifier, instance, lagSeconds }, region)] as CheckResult[];
  },
};
