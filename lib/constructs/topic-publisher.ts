import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

/**
 * A role EventBridge assumes to publish to `topic` (`targets.SnsTopic` with `authorizeUsingRole`):
 * sns:Publish on that topic and, for a topic with a customer-managed key, that key through SNS
 * only. The topic's key policy then stays as it is, whichever stack the rule is in.
 *
 * Construct ids under `scope` are `<id>Role` and `<id>Policy`.
 */
export function topicPublisherRole(scope: Construct, id: string, topic: sns.ITopic, description: string): iam.IRole {
  const role = new iam.Role(scope, `${id}Role`, { assumedBy: new iam.ServicePrincipal('events.amazonaws.com'), description });
  const key = (topic as sns.Topic).masterKey;
  new iam.ManagedPolicy(scope, `${id}Policy`, {
    roles: [role],
    statements: [
      new iam.PolicyStatement({ actions: ['sns:Publish'], resources: [topic.topicArn] }),
      ...(key
        ? [
            new iam.PolicyStatement({
              actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
              resources: [key.keyArn],
              conditions: { StringEquals: { 'kms:ViaService': `sns.${Stack.of(scope).region}.amazonaws.com` } },
            }),
          ]
        : []),
    ],
  });
  return role.withoutPolicyUpdates();
}
