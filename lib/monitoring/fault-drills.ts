import { ArnFormat, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as fis from 'aws-cdk-lib/aws-fis';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import { encryptedLogGroup } from '../core/encrypted-log-group';

/** How long the subnet stays cut, minutes. */
export const SUBNET_OUTAGE_MINUTES = 5;
export const SUBNET_OUTAGE_DURATION = `PT${SUBNET_OUTAGE_MINUTES}M`;

/** An alarm a drill expects, with its honest detection bound (`detection-bound.ts`). */
export interface ExpectedAlarm {
  readonly alarm: cloudwatch.IAlarm;
  /** Period × datapoints + publication delay + evaluation cadence, seconds. */
  readonly boundSeconds: number;
}

/**
 * When a drill checks its alarm, after the fault starts (ISO 8601): the alarm's honest bound,
 * rounded up to whole minutes, so a drill fails exactly when detection is slower than the
 * alarm table claims (MON-1).
 */
export function assertAfter(expected: ExpectedAlarm): string {
  if (!(expected.boundSeconds > 0) || expected.boundSeconds > 300) {
    throw new Error(`A drill's expected alarm must detect within 300 s (MON-1), got a bound of ${expected.boundSeconds} s.`);
  }
  return `PT${Math.ceil(expected.boundSeconds / 60)}M`;
}

export interface FaultDrillsProps {
  /** Prefix of names and tags (the project name). */
  readonly namePrefix: string;
  readonly cluster: ecs.ICluster;
  readonly service: ecs.FargateService;
  readonly database: rds.DatabaseInstance;
  /** The app subnet the outage drill cuts off (one AZ). */
  readonly appSubnet: ec2.ISubnet;
  /** What each drill must trip, within its honest bound. */
  readonly expect: {
    readonly tasksBelowDesired: ExpectedAlarm;
    readonly databaseUnavailable: ExpectedAlarm;
    readonly unhealthyTargets: ExpectedAlarm;
  };
  /** Customer-impact alarms that stop a drill (none of them may be the alarm the drill expects). */
  readonly stopWhen: {
    readonly serviceDown: cloudwatch.IAlarm;
    readonly availabilityBelowTarget: cloudwatch.IAlarm;
    readonly endpointUnreachable: cloudwatch.IAlarm;
  };
  /** Key of the experiment log group. */
  readonly encryptionKey: kms.Key;
  /** Days experiment logs are kept. */
  readonly logRetentionDays: number;
}

/**
 * RES-1: fault drills as code. Three AWS FIS experiment templates, each with its own role, that
 * inject a fault, wait, and assert that the alarm meant to catch it is in ALARM, so a drill
 * fails when detection does. A customer-impact alarm stops each drill. How to run them:
 * `lib/monitoring/FAULT-DRILLS.md`.
 */
export class FaultDrills extends Construct {
  public readonly stopHalfTheTasks: fis.CfnExperimentTemplate;
  public readonly forceDatabaseFailover: fis.CfnExperimentTemplate;
  public readonly cutAppSubnet: fis.CfnExperimentTemplate;
  public readonly logGroup: logs.LogGroup;

  private readonly basics: iam.ManagedPolicy;
  private readonly logConfiguration: fis.CfnExperimentTemplate.ExperimentTemplateLogConfigurationProperty;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: FaultDrillsProps,
  ) {
    super(scope, id);
    const stack = Stack.of(this);
    const after = {
      stopTasks: assertAfter(props.expect.tasksBelowDesired),
      databaseFailover: assertAfter(props.expect.databaseUnavailable),
      subnetOutage: assertAfter(props.expect.unhealthyTargets),
    };
    if (Math.ceil(props.expect.unhealthyTargets.boundSeconds / 60) >= SUBNET_OUTAGE_MINUTES) {
      throw new Error(`The subnet drill must check its alarm while the subnet is cut (${SUBNET_OUTAGE_MINUTES} min); the alarm's bound is ${props.expect.unhealthyTargets.boundSeconds} s.`);
    }

    this.logGroup = encryptedLogGroup(this, 'ExperimentLogs', {
      // The vendedlogs prefix lets FIS log delivery add its resource policy by itself.
      logGroupName: `/aws/vendedlogs/fis/${props.namePrefix}-fault-drills`,
      encryptionKey: props.encryptionKey,
      retentionDays: props.logRetentionDays,
    });
    this.logConfiguration = { logSchemaVersion: 2, cloudWatchLogsConfiguration: { LogGroupArn: this.logGroup.logGroupArn } };

    // Read-only and log-delivery actions every drill needs; none supports resource-level permissions.
    this.basics = new iam.ManagedPolicy(this, 'ExperimentBasics', {
      description: 'FIS fault drills: resolve targets, read alarm states, deliver experiment logs',
      statements: [
        new iam.PolicyStatement({
          sid: 'ResolveTargetsAndAlarms',
          actions: [
            'tag:GetResources',
            'cloudwatch:DescribeAlarms',
            'ec2:DescribeVpcs',
            'ec2:DescribeSubnets',
            'ec2:DescribeNetworkAcls',
            'ec2:DescribeManagedPrefixLists',
            'ec2:GetManagedPrefixListEntries',
          ],
          resources: ['*'],
        }),
        new iam.PolicyStatement({
          sid: 'DeliverExperimentLogs',
          actions: ['logs:CreateLogDelivery', 'logs:PutResourcePolicy', 'logs:DescribeResourcePolicies', 'logs:DescribeLogGroups'],
          resources: ['*'],
        }),
      ],
    });
    Validations.of(this.basics).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'tag:GetResources, cloudwatch:DescribeAlarms, the EC2 Describe/GetManagedPrefixListEntries reads and the CloudWatch Logs delivery actions support no resource-level permissions; they are read-only or log delivery, and the role is assumable only by FIS in this account.',
    });

    // 1. Stop half of the app's tasks: the task-count alarm must see it.
    const ecsPolicy = this.policy('StopTasksPolicy', 'FIS drill: stop tasks of the app service only', [
      new iam.PolicyStatement({
        sid: 'StopTasksOfTheAppCluster',
        actions: ['ecs:ListTasks', 'ecs:DescribeTasks', 'ecs:StopTask'],
        resources: ['*'],
        conditions: { ArnEquals: { 'ecs:cluster': props.cluster.clusterArn } },
      }),
    ]);
    Validations.of(ecsPolicy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Task ARNs are unknown until FIS resolves them, so the ECS task actions are granted on any task but only in the app cluster (ecs:cluster condition).',
    });
    this.stopHalfTheTasks = this.template('StopHalfTheTasks', {
      name: 'stop-half-the-tasks',
      description: `Stops 50% of the app service's tasks; asserts the task-count alarm is in ALARM after ${after.stopTasks}.`,
      policy: ecsPolicy,
      targets: {
        AppTasks: {
          resourceType: 'aws:ecs:task',
          parameters: { cluster: props.cluster.clusterName, service: props.service.serviceName },
          selectionMode: 'PERCENT(50)',
        },
      },
      actions: {
        StopTasks: { actionId: 'aws:ecs:stop-task', targets: { Tasks: 'AppTasks' } },
        WaitForDetection: { actionId: 'aws:fis:wait', parameters: { duration: after.stopTasks }, startAfter: ['StopTasks'] },
        AssertDetected: this.assertAlarm(props.expect.tasksBelowDesired.alarm, 'WaitForDetection'),
      },
      stopWhen: [props.stopWhen.serviceDown, props.stopWhen.availabilityBelowTarget],
    });

    // 2. Force a Multi-AZ failover of the database: the RDS-event alarm must see it.
    const rdsPolicy = this.policy('FailoverPolicy', 'FIS drill: reboot the primary database with failover', [
      new iam.PolicyStatement({
        sid: 'RebootTheDatabase',
        actions: ['rds:RebootDBInstance', 'rds:DescribeDBInstances'],
        resources: [props.database.instanceArn],
      }),
    ]);
    this.forceDatabaseFailover = this.template('ForceDatabaseFailover', {
      name: 'force-database-failover',
      description: `Reboots the primary database with forced Multi-AZ failover; asserts the RDS-event alarm is in ALARM after ${after.databaseFailover}.`,
      policy: rdsPolicy,
      targets: {
        Database: { resourceType: 'aws:rds:db', resourceArns: [props.database.instanceArn], selectionMode: 'ALL' },
      },
      actions: {
        Failover: { actionId: 'aws:rds:reboot-db-instances', parameters: { forceFailover: 'true' }, targets: { DBInstances: 'Database' } },
        WaitForDetection: { actionId: 'aws:fis:wait', parameters: { duration: after.databaseFailover }, startAfter: ['Failover'] },
        AssertDetected: this.assertAlarm(props.expect.databaseUnavailable.alarm, 'WaitForDetection'),
      },
      // Not service-down: a failover interrupts connections for a minute or two, which the probe
      // (a child of service-down) may catch; the drill stops if customers stay affected.
      stopWhen: [props.stopWhen.availabilityBelowTarget, props.stopWhen.endpointUnreachable],
    });

    // 3. Cut one app subnet off for 5 minutes (an AZ-local network failure): the unhealthy-target alarm must see it.
    const vpcArn = stack.formatArn({ service: 'ec2', resource: 'vpc', resourceName: props.cluster.vpc.vpcId });
    const subnetArn = stack.formatArn({ service: 'ec2', resource: 'subnet', resourceName: props.appSubnet.subnetId });
    const networkAcls = stack.formatArn({ service: 'ec2', resource: 'network-acl', resourceName: '*' });
    const networkPolicy = this.policy('SubnetOutagePolicy', 'FIS drill: swap the network ACL of one app subnet', [
      new iam.PolicyStatement({ sid: 'CreateAclInTheVpc', actions: ['ec2:CreateNetworkAcl'], resources: [vpcArn] }),
      new iam.PolicyStatement({
        sid: 'CreateFisAcl',
        actions: ['ec2:CreateNetworkAcl'],
        resources: [networkAcls],
        conditions: { StringEquals: { 'aws:RequestTag/managedByFIS': 'true' } },
      }),
      new iam.PolicyStatement({
        sid: 'TagFisAcl',
        actions: ['ec2:CreateTags'],
        resources: [networkAcls],
        conditions: { StringEquals: { 'ec2:CreateAction': 'CreateNetworkAcl', 'aws:RequestTag/managedByFIS': 'true' } },
      }),
      new iam.PolicyStatement({
        sid: 'EditAndDeleteFisAclOnly',
        actions: ['ec2:CreateNetworkAclEntry', 'ec2:DeleteNetworkAcl'],
        resources: [networkAcls],
        conditions: { StringEquals: { 'ec2:ResourceTag/managedByFIS': 'true' } },
      }),
      new iam.PolicyStatement({
        sid: 'SwapAclOfTheDrillSubnet',
        actions: ['ec2:ReplaceNetworkAclAssociation'],
        resources: [subnetArn, networkAcls],
      }),
    ]);
    Validations.of(networkPolicy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${networkAcls}]`,
      reason:
        'FIS creates a new network ACL per run, so its id is unknown; creating, editing and deleting ACLs is limited to ACLs tagged managedByFIS=true, and the association swap is limited to the one drill subnet.',
    });
    this.cutAppSubnet = this.template('CutAppSubnet', {
      name: 'cut-app-subnet',
      description: `Denies all traffic in and out of one app subnet (${props.appSubnet.availabilityZone}) for ${SUBNET_OUTAGE_DURATION}; asserts the unhealthy-target alarm is in ALARM after ${after.subnetOutage}.`,
      policy: networkPolicy,
      targets: {
        AppSubnet: { resourceType: 'aws:ec2:subnet', resourceArns: [subnetArn], selectionMode: 'ALL' },
      },
      actions: {
        CutSubnet: {
          actionId: 'aws:network:disrupt-connectivity',
          parameters: { scope: 'all', duration: SUBNET_OUTAGE_DURATION },
          targets: { Subnets: 'AppSubnet' },
        },
        // Starts with the outage (no startAfter): the check must happen while the subnet is still cut.
        WaitForDetection: { actionId: 'aws:fis:wait', parameters: { duration: after.subnetOutage } },
        AssertDetected: this.assertAlarm(props.expect.unhealthyTargets.alarm, 'WaitForDetection'),
      },
      stopWhen: [props.stopWhen.serviceDown, props.stopWhen.availabilityBelowTarget],
    });
  }

  /** Every template, in drill order. */
  public get all(): fis.CfnExperimentTemplate[] {
    return [this.stopHalfTheTasks, this.forceDatabaseFailover, this.cutAppSubnet];
  }

  private policy(id: string, description: string, statements: iam.PolicyStatement[]): iam.ManagedPolicy {
    return new iam.ManagedPolicy(this, id, { description, statements });
  }

  private assertAlarm(alarm: cloudwatch.IAlarm, after: string): fis.CfnExperimentTemplate.ExperimentTemplateActionProperty {
    return {
      actionId: 'aws:cloudwatch:assert-alarm-state',
      description: 'Fails the drill unless detection worked',
      parameters: { alarmArns: alarm.alarmArn, alarmStates: 'ALARM' },
      startAfter: [after],
    };
  }

  private template(
    id: string,
    def: {
      name: string;
      description: string;
      policy: iam.ManagedPolicy;
      targets: Record<string, fis.CfnExperimentTemplate.ExperimentTemplateTargetProperty>;
      actions: Record<string, fis.CfnExperimentTemplate.ExperimentTemplateActionProperty>;
      stopWhen: cloudwatch.IAlarm[];
    },
  ): fis.CfnExperimentTemplate {
    const stack = Stack.of(this);
    const role = new iam.Role(this, `${id}Role`, {
      description: `Runs the ${def.name} fault drill (AWS FIS)`,
      assumedBy: new iam.ServicePrincipal('fis.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'fis', resource: 'experiment', resourceName: '*', arnFormat: ArnFormat.SLASH_RESOURCE_NAME }) },
        },
      }),
      managedPolicies: [this.basics, def.policy],
    });
    return new fis.CfnExperimentTemplate(this, id, {
      description: def.description,
      roleArn: role.roleArn,
      targets: def.targets,
      actions: def.actions,
      stopConditions: def.stopWhen.map((alarm) => ({ source: 'aws:cloudwatch:alarm', value: alarm.alarmArn })),
      logConfiguration: this.logConfiguration,
      experimentOptions: { accountTargeting: 'single-account', emptyTargetResolutionMode: 'fail' },
      tags: { Name: `${this.props.namePrefix}-${def.name}` },
    });
  }
}
