import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { nagText } from '../nag/finding-text';
import { QuarantineBucket } from './quarantine-bucket';

/**
 * The one role that may open quarantined files: assumed by this account's administrators with
 * MFA, for an hour at most; reads and deletes in the quarantine bucket, nothing else.
 */
export class SecurityReaderRole extends Construct {
  public readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: { readonly quarantine: QuarantineBucket }) {
    super(scope, id);
    const { bucket, key } = props.quarantine;
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.AccountRootPrincipal().withConditions({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } }),
      description: 'Security team: inspect and delete quarantined (infected) received files',
      maxSessionDuration: Duration.hours(1),
    });
    const policy = new iam.ManagedPolicy(this, 'Policy', {
      roles: [this.role],
      statements: [
        new iam.PolicyStatement({ actions: ['s3:ListBucket', 's3:ListBucketVersions'], resources: [bucket.bucketArn] }),
        new iam.PolicyStatement({
          actions: ['s3:GetObject', 's3:GetObjectVersion', 's3:DeleteObject', 's3:DeleteObjectVersion'],
          resources: [bucket.arnForObjects('*')],
        }),
        new iam.PolicyStatement({
          actions: ['kms:Decrypt'],
          resources: [key.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `s3.${Stack.of(this).region}.amazonaws.com` } },
        }),
      ],
    });
    Validations.of(policy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${nagText(this, bucket.arnForObjects('*'))}]`,
      reason: 'The security role must open any quarantined file, whose keys are not known in advance; the statement is limited to the quarantine bucket, whose only contents are infected files.',
    });
  }
}
