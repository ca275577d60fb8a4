import { Annotations, Stack, Token, Validations } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';

/**
 * The account that hosts GuardDuty's Fargate security agent in each region, from the table
 * "ECR repository for GuardDuty agent on AWS Fargate (Amazon ECS only)":
 * https://docs.aws.amazon.com/guardduty/latest/ug/ecs-runtime-agent-ecr-image-uri.html
 * The repository is `<account>.dkr.ecr.<region>.amazonaws.com/aws-guardduty-agent-fargate`.
 */
export const GUARDDUTY_AGENT_ACCOUNTS: Readonly<Record<string, string>> = {
  'us-east-1': '593207742271',
  'us-east-2': '307168627858',
  'us-west-1': '684579721401',
  'us-west-2': '733349766148',
  'ca-central-1': '354763396469',
  'ca-west-1': '339712888787',
  'mx-central-1': '311141559934',
  'sa-east-1': '758426053663',
  'eu-west-1': '694911143906',
  'eu-west-2': '892757235363',
  'eu-west-3': '665651866788',
  'eu-central-1': '323658145986',
  'eu-central-2': '529164026651',
  'eu-north-1': '591436053604',
  'eu-south-1': '266869475730',
  'eu-south-2': '919611009337',
  'il-central-1': '870907303882',
  'me-central-1': '000014521398',
  'me-south-1': '536382113932',
  'af-south-1': '197869348890',
  'ap-south-1': '251508486986',
  'ap-south-2': '950823858135',
  'ap-east-1': '258348409381',
  'ap-east-2': '259886477082',
  'ap-southeast-1': '174946120834',
  'ap-southeast-2': '005257825471',
  'ap-southeast-3': '510637619217',
  'ap-southeast-4': '251357961535',
  'ap-southeast-5': '156041399949',
  'ap-southeast-7': '054037130133',
  'ap-northeast-1': '533107202818',
  'ap-northeast-2': '914738172881',
  'ap-northeast-3': '273192626886',
};

export const GUARDDUTY_AGENT_REPOSITORY = 'aws-guardduty-agent-fargate';

/** The ARN of GuardDuty's Fargate agent repository in `region`, or undefined where GuardDuty lists none. */
export function guardDutyAgentRepositoryArn(region: string): string | undefined {
  const account = GUARDDUTY_AGENT_ACCOUNTS[region];
  return account ? `arn:aws:ecr:${region}:${account}:repository/${GUARDDUTY_AGENT_REPOSITORY}` : undefined;
}

/**
 * MON-3 on Fargate: with runtime monitoring's automated agent (ECS_FARGATE_AGENT_MANAGEMENT),
 * GuardDuty adds a sidecar to every task, pulled from its own ECR repository **with the task's
 * execution role** ("Provide a task execution role with permissions":
 * https://docs.aws.amazon.com/guardduty/latest/ug/prereq-runtime-monitoring-ecs-support.html).
 * Without ECR permissions the sidecar fails and the task runs on unwatched.
 *
 * The pull actions are granted on that one repository of the stack's region; only the registry
 * login (`ecr:GetAuthorizationToken`) takes `*`, because it has no resource-level permission
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerregistry.html).
 * Granted whether or not this stack creates the detector: an organisation's detector deploys the
 * same agent.
 */
export function allowGuardDutyAgentPull(taskDefinition: ecs.TaskDefinition): void {
  const stack = Stack.of(taskDefinition);
  const region = stack.region;
  const repository = Token.isUnresolved(region) ? undefined : guardDutyAgentRepositoryArn(region);
  if (!repository) {
    Annotations.of(taskDefinition).addWarningV2(
      'hardened:guardduty-agent-region',
      `GuardDuty lists no Fargate agent repository for region ${region}; the execution role gets no pull permission for it, so runtime monitoring cannot watch these tasks.`,
    );
    return;
  }
  const role = taskDefinition.obtainExecutionRole();
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'PullGuardDutyRuntimeAgent',
      actions: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'],
      resources: [repository],
    }),
  );
  role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'LogInToEcr', actions: ['ecr:GetAuthorizationToken'], resources: ['*'] }));
  const policy = role.node.tryFindChild('DefaultPolicy');
  if (policy) {
    Validations.of(policy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'ecr:GetAuthorizationToken supports no resource-level permission (AWS requires "*") and only issues a registry login token; the pull actions are granted on GuardDuty\'s Fargate agent repository of this region (and the application repository when the image is in ECR).',
    });
  }
}
