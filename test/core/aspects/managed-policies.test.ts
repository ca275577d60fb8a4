import * as iam from 'aws-cdk-lib/aws-iam';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { useManagedPolicies } from '../../../lib/core/aspects/managed-policies';
import { blockStack, resourcesOf, templateOf } from '../support';

// lib/core/aspects/managed-policies.ts: no inline policy reaches a template (IAMNoInlinePolicy).

/** A role with an L2 grant (which writes an inline default policy), with or without the aspect. */
function roleWithGrant(managed: boolean): any {
  const stack = blockStack();
  const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  new sqs.Queue(stack, 'Queue').grantSendMessages(role);
  if (managed) useManagedPolicies(stack);
  return templateOf(stack);
}

test('a grant\'s inline default policy becomes a managed policy with the same document, attached to the same role', () => {
  const [[, inline]] = resourcesOf(roleWithGrant(false), 'AWS::IAM::Policy');
  const template = roleWithGrant(true);
  expect(resourcesOf(template, 'AWS::IAM::Policy')).toEqual([]);
  const [[, managed]] = resourcesOf(template, 'AWS::IAM::ManagedPolicy');
  const [[roleId]] = resourcesOf(template, 'AWS::IAM::Role');
  expect(managed.Properties.Roles).toEqual([{ Ref: roleId }]);
  expect(managed.Properties.PolicyDocument).toEqual(inline.Properties.PolicyDocument);
});
