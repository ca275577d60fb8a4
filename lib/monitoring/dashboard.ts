import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as synthetics from 'aws-cdk-lib/aws-synthetics';
import { Construct } from 'constructs';
import { Availability } from './availability';
import { BlockerMetrics } from './blocker-alarms';
import { DatabaseMetrics } from './database-alarms';
import { FirewallMetrics } from './firewall-alarms';
import { LoadBalancerMetrics } from './load-balancer-alarms';
import { ReceivedFilesMetrics } from './received-files-alarms';
import { RecycleMetrics } from './recycle-alarms';
import { ServiceMetrics } from './service-alarms';
import { WafMetrics } from './waf-alarms';

export interface ServiceDashboardProps {
  readonly dashboardName: string;
  readonly loadBalancer: LoadBalancerMetrics;
  readonly service: ServiceMetrics;
  readonly database: DatabaseMetrics;
  /** The database probe's metrics (`DatabaseProbe`). @default - not shown */
  readonly databaseProbe?: { readonly reachable: cloudwatch.IMetric; readonly latency: cloudwatch.IMetric };
  readonly firewall: FirewallMetrics;
  readonly waf: WafMetrics;
  readonly recycle: RecycleMetrics;
  readonly blocker?: BlockerMetrics;
  readonly receivedFiles?: ReceivedFilesMetrics;
  readonly canary: synthetics.Canary;
  readonly availability: Availability;
  /** Alarms whose state the dashboard shows, the composite first: every alarm of the region. */
  readonly alarms: cloudwatch.IAlarm[];
}

/** MON-5: one page with the availability figure, every alarm's state and the metrics behind them. */
export class ServiceDashboard extends Construct {
  public readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: ServiceDashboardProps) {
    super(scope, id);
    const target = props.availability.targetPercent;
    const targetLine: cloudwatch.HorizontalAnnotation = { value: target, label: `target ${target} %`, color: cloudwatch.Color.RED };
    const graph = (title: string, left: cloudwatch.IMetric[], extra: Partial<cloudwatch.GraphWidgetProps> = {}) =>
      new cloudwatch.GraphWidget({ title, left, width: 8, height: 6, ...extra });

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: props.dashboardName,
      defaultInterval: Duration.hours(3),
    });
    this.dashboard.addWidgets(
      new cloudwatch.TextWidget({
        markdown: [
          '# Service health',
          `Availability target **${target} %** (MON-5). Every alarm fires within 5 minutes, critical ones within 2 (MON-1).`,
          'Fault drills and what to watch during them: `lib/monitoring/FAULT-DRILLS.md`.',
        ].join('\n\n'),
        width: 24,
        height: 3,
      }),
    );
    this.dashboard.addWidgets(new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: props.alarms, width: 24, height: 6 }));
    this.dashboard.addWidgets(
      new cloudwatch.SingleValueWidget({
        title: 'Availability over the selected range',
        metrics: [props.availability.expression(Duration.minutes(5), 'Availability (%)')],
        setPeriodToTimeRange: true,
        fullPrecision: true,
        width: 6,
        height: 6,
      }),
      new cloudwatch.GraphWidget({
        title: 'Availability per 5 minutes (ALB)',
        left: [props.availability.expression(Duration.minutes(5))],
        leftAnnotations: [targetLine],
        leftYAxis: { min: 99, max: 100 },
        width: 9,
        height: 6,
      }),
      new cloudwatch.GraphWidget({
        title: 'Outside-in probe success (canary)',
        left: [props.canary.metricSuccessPercent({ period: Duration.minutes(1), statistic: 'Average' })],
        leftAnnotations: [targetLine],
        leftYAxis: { min: 0, max: 100 },
        width: 9,
        height: 6,
      }),
    );
    const lb = props.loadBalancer;
    this.dashboard.addWidgets(
      graph('ALB requests and 5xx', [lb.requests()], { right: [lb.elb5xx(), lb.target5xx()] }),
      graph('ALB targets', [lb.healthyHosts(), lb.unhealthyHosts()]),
      graph('ALB p99 response time (s)', [lb.latencyP99()]),
    );
    const svc = props.service;
    this.dashboard.addWidgets(
      graph('ECS tasks', [svc.runningTasks(), svc.desiredTasks()]),
      graph('ECS CPU and memory (%)', [svc.cpu(), svc.memory()], { leftYAxis: { min: 0, max: 100 } }),
      graph('Database CPU (%) and connections', [props.database.cpu()], { right: [props.database.connections()] }),
    );
    this.dashboard.addWidgets(
      graph('Database latency (s)', [props.database.readLatency(), props.database.writeLatency()]),
      graph('Database free storage; WAL not yet at the DR replica (bytes)', [props.database.freeStorageBytes()], { right: [props.database.replicationSlotLagBytes()] }),
      graph('Network Firewall packets', [props.firewall.receivedPackets()], { right: [props.firewall.droppedPackets()] }),
    );
    const blocker = props.blocker;
    const present = <T>(...xs: (T | undefined)[]): T[] => xs.filter((x): x is T => x !== undefined);
    this.dashboard.addWidgets(
      graph('WAF requests', [props.waf.allowedRequests()], { right: [props.waf.blockedRequests()] }),
      ...(blocker
        ? [
            graph('Blocker', [blocker.invocations()], {
              right: present<cloudwatch.IMetric>(blocker.errors(), blocker.throttles(), blocker.deadLetters(), blocker.reconcilerErrors(), blocker.evictions()),
            }),
          ]
        : []),
      graph('Container recycle', [props.recycle.failures()], { right: [props.recycle.deadLetters()] }),
    );
    const files = props.receivedFiles;
    if (files) {
      this.dashboard.addWidgets(graph('Received files: scan results', [files.moverInvocations()], { right: [files.moverErrors(), files.deadLetters()] }));
    }
    if (props.databaseProbe) {
      this.dashboard.addWidgets(
        graph('Database probe: reachable (1/0); connect + SELECT 1 (ms)', [props.databaseProbe.reachable], { right: [props.databaseProbe.latency], leftYAxis: { min: 0, max: 1 } }),
      );
    }
  }
}
