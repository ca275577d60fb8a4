import { App, Stack, Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import { view, refTargets, parseJsonValue, appResources } from '../../lib/nag/rules/support';

test('proto', () => {
  const app = new App();
  const a = new Stack(app, 'A', { env: { account: '111111111111', region: 'ap-northeast-1' } });
  const b = new Stack(app, 'B', { env: { account: '111111111111', region: 'ap-northeast-1' } });
  const bucket = new s3.Bucket(a, 'Bkt');
  const vpc = new ec2.CfnVPC(a, 'Vpc', { cidrBlock: '10.0.0.0/16' });
  const fl = new ec2.CfnFlowLog(b, 'FL', { resourceId: vpc.ref, resourceType: 'VPC', trafficType: 'ALL', logDestinationType: 's3', logDestination: bucket.bucketArn });
  const route = new ec2.CfnRoute(a, 'R', { routeTableId: 'rtb-1', destinationCidrBlock: '0.0.0.0/0', gatewayId: 'igw-1' });
  route.addPropertyDeletionOverride('GatewayId');
  route.addPropertyOverride('VpcEndpointId', vpc.attrCidrBlock);
  const cluster = new ecs.CfnCluster(a, 'C');
  const svc = new ecs.CfnService(a, 'S', { cluster: cluster.ref });
  new scheduler.Schedule(b, 'Sch', {
    schedule: scheduler.ScheduleExpression.rate(Duration.days(1)),
    target: new targets.Universal({ service: 'ecs', action: 'updateService', input: scheduler.ScheduleTargetInput.fromObject({ Cluster: cluster.ref, Service: svc.attrName, ForceNewDeployment: true, X: `pre-${svc.attrName}-post` }), policyStatements: [new iam.PolicyStatement({ actions: ['ecs:UpdateService'], resources: ['*'] })] }),
  });
  const show = () => {
    console.log(JSON.stringify(view(fl).properties));
    console.log(refTargets(fl, view(fl).properties).map(r => r.node.path));
    console.log(JSON.stringify(view(route)));
    const sch = appResources(app, 'AWS::Scheduler::Schedule')[0];
    console.log(JSON.stringify(view(sch).properties.Target));
    console.log(JSON.stringify(parseJsonValue(view(sch).properties.Target.Input)));
  };
  show();
  app.synth();
  show();
});
