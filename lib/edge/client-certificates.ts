import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export interface ClientCertificatesProps {
  /** Name of the S3 bucket holding the CA bundle (and the revocation list). It must exist at deploy time. */
  readonly caBundleBucket: string;
  /** Object key of the PEM bundle of the CAs that issue client certificates. */
  readonly caBundleKey: string;
  /** Object key of a certificate revocation list (CRL) in the same bucket. @default - no revocation list */
  readonly revocationListKey?: string;
}

/**
 * Client-certificate authentication at the load balancer (WEB-4, authentication pattern ≥ 2):
 * a trust store built from the operator's CA bundle, and the listener setting that makes the ALB
 * verify every client certificate against it during the TLS handshake. A device without a
 * certificate from these CAs, or with a revoked or expired one, never gets an HTTP response.
 */
export class ClientCertificates extends Construct {
  public readonly trustStore: elbv2.TrustStore;
  public readonly revocation?: elbv2.TrustStoreRevocation;
  /** The listener's mutual TLS setting: verify mode against `trustStore`. */
  public readonly mutualAuthentication: elbv2.MutualAuthentication;

  constructor(scope: Construct, id: string, props: ClientCertificatesProps) {
    super(scope, id);
    const problems: string[] = [];
    if (!props.caBundleBucket) problems.push('caBundleBucket: required (the S3 bucket holding the client CA bundle)');
    if (!props.caBundleKey) problems.push('caBundleKey: required (the object key of the PEM CA bundle)');
    if (props.revocationListKey !== undefined && !props.revocationListKey) problems.push('revocationListKey: empty; give an object key or leave it undefined');
    if (problems.length > 0) throw new Error(`${this.node.path}: invalid client-certificate settings:\n  - ${problems.join('\n  - ')}`);

    const bucket = s3.Bucket.fromBucketName(this, 'CaBundleBucket', props.caBundleBucket);
    this.trustStore = new elbv2.TrustStore(this, 'TrustStore', { bucket, key: props.caBundleKey });
    if (props.revocationListKey !== undefined) {
      this.revocation = new elbv2.TrustStoreRevocation(this, 'Revocation', {
        trustStore: this.trustStore,
        revocationContents: [{ bucket, key: props.revocationListKey, revocationType: elbv2.RevocationType.CRL }],
      });
    }
    this.mutualAuthentication = {
      mutualAuthenticationMode: elbv2.MutualAuthenticationMode.VERIFY,
      trustStore: this.trustStore,
      // Expired certificates are refused; renewal is the operator's job.
      ignoreClientCertificateExpiry: false,
      // Browsers then offer only certificates from these CAs, so users pick the right one.
      advertiseTrustStoreCaNames: true,
    };
  }
}
