import { AspectPriority, Aspects, IAspect } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';

/**
 * Turns every inline IAM policy (the `DefaultPolicy` that L2 grants write to) into a customer-
 * managed policy with the same document and attachments.
 *
 * The NIST 800-53, HIPAA and PCI packs forbid inline policies (IAMNoInlinePolicy): managed
 * policies are versioned and can be reviewed and reused on their own. Fixing it once here is
 * better than acknowledging it on every role. The managed policy is created under the same L2
 * `Policy`, so resources that depend on that policy (functions, services) keep their ordering.
 */
export class InlinePoliciesToManaged implements IAspect {
  public visit(node: IConstruct): void {
    if (!(node instanceof iam.CfnPolicy)) return;
    const owner = node.node.scope;
    if (!owner) return;
    new iam.CfnManagedPolicy(owner, 'Managed', {
      policyDocument: node.policyDocument,
      roles: node.roles,
      users: node.users,
      groups: node.groups,
      description: `Managed form of ${owner.node.path}`,
    });
    owner.node.tryRemoveChild(node.node.id);
  }
}

export function useManagedPolicies(scope: IConstruct): void {
  Aspects.of(scope).add(new InlinePoliciesToManaged(), { priority: AspectPriority.MUTATING });
}
