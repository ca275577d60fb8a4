import { Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { GUARDDUTY_AGENT_ACCOUNTS, allowGuardDutyAgentPull, guardDutyAgentRepositoryArn } from '../../lib/app-tier/guardduty-agent';
import { resourcesOfType, templateJson } from '../support/assembly';
import { standInApp } from '../support/context';

// Issue #16 (MON-3): GuardDuty's Fargate agent is pulled with the task execution role, which may
// pull that one repository and nothing else.
const ECR_PULL = ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'];

/** Every ECR statement of the policies attached to the App stack's task execution role. */
function executionRoleEcrStatements(): any[] {
  const app = templateJson('App');
  const taskDef = resourcesOfType(app, 'AWS::ECS::TaskDefinition')[0][1];
  const roleId = taskDef.Properties.ExecutionRoleArn['Fn::GetAtt'][0];
  return resourcesOfType(app, 'AWS::IAM::ManagedPolicy')
    .filter(([, p]) => JSON.stringify(p.Properties.Roles ?? []).includes(roleId))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement)
    .filter((s: any) => [s.Action].flat().some((a: string) => a.startsWith('ecr:')));
}

test('the default app: pull actions on GuardDuty\'s Tokyo agent repository only; the registry login on "*" only', () => {
  const statements = executionRoleEcrStatements();
  expect(statements).toEqual([
    expect.objectContaining({ Effect: 'Allow', Action: ECR_PULL, Resource: 'arn:aws:ecr:ap-northeast-1:533107202818:repository/aws-guardduty-agent-fargate' }),
    expect.objectContaining({ Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' }),
  ]);
});

test('the repository is per region, from GuardDuty\'s table (both regions of the default configuration are in it)', () => {
  expect(guardDutyAgentRepositoryArn('ap-northeast-3')).toBe('arn:aws:ecr:ap-northeast-3:273192626886:repository/aws-guardduty-agent-fargate');
  expect(guardDutyAgentRepositoryArn('us-east-1')).toBe('arn:aws:ecr:us-east-1:593207742271:repository/aws-guardduty-agent-fargate');
  expect(Object.values(GUARDDUTY_AGENT_ACCOUNTS).every((a) => /^\d{12}$/.test(a))).toBe(true);
  expect(guardDutyAgentRepositoryArn('xx-nowhere-1')).toBeUndefined();
});

test('in a region GuardDuty lists no repository for, nothing is granted and synthesis warns', () => {
  const stack = new Stack(standInApp(), 'S', { env: { account: '123456789012', region: 'xx-nowhere-1' } });
  const taskDefinition = new ecs.FargateTaskDefinition(stack, 'Task');
  taskDefinition.addContainer('app', { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx-unprivileged:1.29-alpine'), logging: undefined });
  allowGuardDutyAgentPull(taskDefinition);
  expect(JSON.stringify(Template.fromStack(stack).toJSON())).not.toContain('ecr:');
  Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('GuardDuty lists no Fargate agent repository for region xx-nowhere-1'));
});
