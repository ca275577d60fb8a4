import { ArnFormat, Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as synthetics from 'aws-cdk-lib/aws-synthetics';
import { Construct } from 'constructs';
import { CANARY_RUNS_PREFIX, CANARY_RUNS_RETENTION_DAYS } from '../audit/access-log-bucket';
import { AlarmFactory } from './alarm-factory';


/**
 * The canary script: one HTTPS GET of the site's URL, like a customer; a TLS error or no answer
 * within 10 s fails the run. No browser is launched, so a run takes about a second.
 *
 * What a healthy answer is depends on the authentication pattern:
 * - pattern 0: any 2xx/3xx;
 * - pattern ≥ 1 (`EXPECT_SIGN_IN_REDIRECT` set): the ALB's sign-in step answers every request
 *   without a session with 302 to the Cognito authorize endpoint, before any target is asked. The
 *   probe accepts exactly that redirect (status 302, Location under the sign-in domain's
 *   `/oauth2/authorize`): it proves DNS, TLS (and mTLS), the firewall, WAF (and the allowlist),
 *   the listener and the sign-in configuration. The targets' health is watched by the
 *   no-healthy-targets alarm, the other half of the service-down composite. A 200 would mean the
 *   site answers without sign-in, and fails the run.
 * - pattern ≥ 2 (`CLIENT_CERTIFICATE_SECRET` set): the request presents the client certificate
 *   and key held in that Secrets Manager secret (JSON `{"certificate": PEM, "privateKey": PEM}`),
 *   so the ALB's mutual TLS in verify mode lets it through. `cert`/`key` are Node's
 *   `https.request` TLS options, which `executeHttpStep` passes on.
 *
 * `Synthetics`/`SyntheticsLogger` are the module names up to syn-nodejs-puppeteer-13.0; from 13.1
 * on they are `@aws/synthetics-puppeteer`/`@aws/synthetics-logger` (the old names still load).
 * The runtimes bundle the AWS SDK (v3 in Lambda's Node.js 18+ base, v2 in older runtimes): the
 * secret is read with whichever is there.
 */
export const PROBE_SCRIPT = `
const synthetics = require('Synthetics');
const log = require('SyntheticsLogger');

exports.handler = async function () {
  const target = new URL(process.env.PROBE_URL);
  const requestOptions = {
    hostname: target.hostname,
    port: target.port || 443,
    path: (target.pathname || '/') + target.search,
    method: 'GET',
    protocol: 'https:',
    headers: { 'User-Agent': synthetics.getCanaryUserAgentString() },
    timeout: 10000,
  };
  const secretId = process.env.CLIENT_CERTIFICATE_SECRET;
  if (secretId) {
    const credentials = await readClientCertificate(secretId);
    requestOptions.cert = credentials.certificate;
    requestOptions.key = credentials.privateKey;
  }
  const signIn = process.env.EXPECT_SIGN_IN_REDIRECT;
  const stepConfig = {
    includeRequestHeaders: false,
    includeResponseHeaders: true,
    includeRequestBody: false,
    includeResponseBody: false,
    continueOnHttpStepFailure: false,
  };
  return synthetics.executeHttpStep('GET ' + requestOptions.path, requestOptions, signIn ? expectSignInRedirect(signIn) : validateResponse, stepConfig);
};

async function readClientCertificate(secretId) {
  let text;
  try {
    const sdk = require('@aws-sdk/client-secrets-manager');
    text = (await new sdk.SecretsManagerClient({}).send(new sdk.GetSecretValueCommand({ SecretId: secretId }))).SecretString;
  } catch (e) {
    if (!e || e.code !== 'MODULE_NOT_FOUND') throw e;
    const AWS = require('aws-sdk');
    text = (await new AWS.SecretsManager().getSecretValue({ SecretId: secretId }).promise()).SecretString;
  }
  let parsed;
  try {
    parsed = JSON.parse(text || '');
  } catch (e) {
    parsed = undefined;
  }
  if (!parsed || typeof parsed.certificate !== 'string' || typeof parsed.privateKey !== 'string' || !parsed.certificate.includes('BEGIN CERTIFICATE') || !parsed.privateKey.includes('PRIVATE KEY')) {
    throw new Error('Secret ' + secretId + ' must hold {"certificate": "<PEM>", "privateKey": "<PEM>"}: a client certificate the trust store accepts (README, Authentication patterns).');
  }
  return parsed;
}

function validateResponse(res) {
  return new Promise((resolve, reject) => {
    if (res.statusCode < 200 || res.statusCode > 399) {
      log.error('Unexpected status ' + res.statusCode);
      res.resume();
      reject(new Error('Unexpected status ' + res.statusCode + ' ' + res.statusMessage));
      return;
    }
    res.on('data', () => {});
    res.on('end', resolve);
    res.on('error', reject);
  });
}

function expectSignInRedirect(prefix) {
  return function (res) {
    return new Promise((resolve, reject) => {
      res.resume();
      const location = String(res.headers.location || '');
      if (res.statusCode !== 302 || !location.startsWith(prefix)) {
        log.error('Expected the sign-in redirect to ' + prefix + ', got ' + res.statusCode + ' ' + location);
        reject(new Error('Expected 302 to ' + prefix + ', got ' + res.statusCode + ' ' + location));
        return;
      }
      res.on('end', resolve);
      res.on('error', reject);
    });
  };
}
`;

/**
 * The bucket's ARN, and how cdk-nag writes it in a finding id (which the acknowledgement must
 * name exactly). From another stack, the ARN travels through an export of a fixed name, which
 * cdk-nag writes as that name; CDK's own export names carry a hash known only at synthesis.
 */
function arnWithKnownText(scope: Construct, bucket: s3.IBucket): { value: string; asNagText: string } {
  const owner = Stack.of(bucket);
  if (owner === Stack.of(scope)) {
    return { value: bucket.bucketArn, asNagText: `<${owner.getLogicalId(bucket.node.defaultChild as s3.CfnBucket)}.Arn>` };
  }
  const name = `${owner.stackName}-AccessLogBucketArn`;
  return { value: owner.exportValue(bucket.bucketArn, { name }), asNagText: name };
}

/**
 * The Secrets Manager secret the operator creates with the canary's client certificate
 * (patterns 2 and 3); README "Authentication patterns".
 */
export function canaryClientCertificateSecretName(projectName: string): string {
  return `${projectName}/canary-client-certificate`;
}

/** Runs the canary in the VPC (pattern 3), so that it probes from the stack's own NAT addresses. */
export interface CanaryPlacement {
  readonly vpc: ec2.IVpc;
  /** Subnets routed to the internet through NAT gateways whose addresses are on the site allowlist. */
  readonly subnets: ec2.SubnetSelection;
  /** The shared policy of the actions a function in the VPC needs without resource-level permissions (network interfaces). */
  readonly resourcelessActions: iam.IManagedPolicy;
}

export interface EndpointCanaryProps {
  /** The public HTTPS URL customers use, at the site's name (e.g. https://app.example.com/). */
  readonly publicUrl: string;
  /**
   * Sign-in at the ALB (pattern ≥ 1): the URL prefix its redirect must lead to, e.g.
   * `https://<prefix>.auth.<region>.amazoncognito.com/oauth2/authorize`.
   * @default - any 2xx/3xx answer is healthy
   */
  readonly expectSignInRedirectTo?: string;
  /**
   * Mutual TLS (pattern ≥ 2): name of the Secrets Manager secret holding the canary's client
   * certificate and key. The operator creates it (README); the canary may read only it.
   * @default - no client certificate
   */
  readonly clientCertificateSecretName?: string;
  /** Run in the VPC (pattern 3: the site allowlist admits the NAT addresses). @default - outside any VPC */
  readonly placement?: CanaryPlacement;
  /** Canary name: lower case, digits, `-` and `_`. */
  readonly canaryName: string;
  /** Customer-managed key for the run artifacts. */
  readonly encryptionKey: kms.IKey;
  /**
   * The access-log bucket (AccessLogBucket): run artifacts go under `canary-runs/<canaryName>/`,
   * encrypted with `encryptionKey`; the bucket's lifecycle expires that prefix after
   * CANARY_RUNS_RETENTION_DAYS. Run artifacts are operational evidence like the access logs
   * beside them, so they need no bucket of their own.
   */
  readonly accessLogBucket: s3.IBucket;
  readonly alarms: AlarmFactory;
}

/**
 * MON-2: the outside-in probe. A CloudWatch Synthetics canary requests the site's URL every minute,
 * through the internet, the Network Firewall, WAF and the ALB, like a customer, in every
 * authentication pattern: outside the VPC in patterns 0–2; in pattern 3 inside it, so that it
 * leaves through the NAT gateways, whose addresses the stack adds to the site allowlist
 * (Synthetics in a VPC: https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Synthetics_Canaries_VPC.html).
 */
export class EndpointCanary extends Construct {
  public readonly canary: synthetics.Canary;
  /** Where run artifacts go: the access-log bucket, under `artifactsPrefix`. */
  public readonly artifactsBucket: s3.IBucket;
  public readonly artifactsPrefix: string;
  /** Customer impact: the public endpoint does not answer correctly (part of the service-down composite). */
  public readonly unreachable: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: EndpointCanaryProps) {
    super(scope, id);
    if (!Token.isUnresolved(props.publicUrl) && !/^https:\/\/[^\s/]+/.test(props.publicUrl)) {
      throw new Error(`publicUrl must be an https:// URL (the probe checks TLS like a customer), got "${props.publicUrl}".`);
    }
    if (!/^[0-9a-z_-]{1,255}$/.test(props.canaryName)) throw new Error(`Canary name "${props.canaryName}" may contain only a-z, 0-9, '-' and '_'.`);
    const retentionDays = CANARY_RUNS_RETENTION_DAYS;
    const stack = Stack.of(this);
    this.artifactsBucket = props.accessLogBucket;
    this.artifactsPrefix = `${CANARY_RUNS_PREFIX}/${props.canaryName}`;

    const bucketArn = arnWithKnownText(this, props.accessLogBucket);
    // The role CloudWatch Synthetics documents for canaries, scoped to this canary's bucket
    // prefix, key and log group, as a managed policy (no inline policies).
    // Secrets Manager appends "-" and 6 random characters to a secret's name in its ARN.
    const clientCertificateArn = props.clientCertificateSecretName
      ? stack.formatArn({ service: 'secretsmanager', resource: 'secret', resourceName: `${props.clientCertificateSecretName}-??????`, arnFormat: ArnFormat.COLON_RESOURCE_NAME })
      : undefined;
    const functionLogs = stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: `/aws/lambda/cwsyn-${props.canaryName}-*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    const policy = new iam.ManagedPolicy(this, 'Policy', {
      description: `CloudWatch Synthetics canary ${props.canaryName}: write run artifacts, metrics and logs`,
      statements: [
        new iam.PolicyStatement({ sid: 'WriteArtifacts', actions: ['s3:PutObject'], resources: [`${bucketArn.value}/${this.artifactsPrefix}/*`] }),
        new iam.PolicyStatement({ sid: 'LocateBucket', actions: ['s3:GetBucketLocation'], resources: [bucketArn.value] }),
        new iam.PolicyStatement({ sid: 'ListBuckets', actions: ['s3:ListAllMyBuckets'], resources: ['*'] }),
        new iam.PolicyStatement({ sid: 'EncryptArtifacts', actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [props.encryptionKey.keyArn] }),
        new iam.PolicyStatement({
          sid: 'PublishMetrics',
          actions: ['cloudwatch:PutMetricData'],
          resources: ['*'],
          conditions: { StringEquals: { 'cloudwatch:namespace': 'CloudWatchSynthetics' } },
        }),
        new iam.PolicyStatement({ sid: 'WriteLogs', actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], resources: [functionLogs] }),
        ...(clientCertificateArn
          ? [new iam.PolicyStatement({ sid: 'ReadClientCertificate', actions: ['secretsmanager:GetSecretValue'], resources: [clientCertificateArn] })]
          : []),
      ],
    });
    Validations.of(policy).acknowledge(
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          's3:ListAllMyBuckets and cloudwatch:PutMetricData support no resource-level permissions; Synthetics requires both, and PutMetricData is limited to the CloudWatchSynthetics namespace by condition.',
      },
      {
        id: `AwsSolutions-IAM5[Resource::${bucketArn.asNagText}/${this.artifactsPrefix}/*]`,
        reason: 'Each canary run writes new objects with generated keys, so PutObject is granted on the run prefix of this canary\'s own bucket only.',
      },
      {
        id: `AwsSolutions-IAM5[Resource::${functionLogs}]`,
        reason: 'Synthetics names the canary function cwsyn-<canary>-<generated id>, so the log grant can only be scoped to this canary name\'s prefix.',
      },
    );
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs the ${props.canaryName} canary`,
      managedPolicies: [policy, ...(props.placement ? [props.placement.resourcelessActions] : [])],
    });
    const securityGroup = props.placement
      ? new ec2.SecurityGroup(this, 'SecurityGroup', {
          vpc: props.placement.vpc,
          allowAllOutbound: false,
          description: `Canary ${props.canaryName}: HTTPS out only (the site through NAT and the firewall, VPC endpoints)`,
        })
      : undefined;
    securityGroup?.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS: the site by its name, and the VPC endpoints');
    const environmentVariables: Record<string, string> = { PROBE_URL: props.publicUrl };
    if (props.expectSignInRedirectTo) environmentVariables.EXPECT_SIGN_IN_REDIRECT = props.expectSignInRedirectTo;
    if (props.clientCertificateSecretName) environmentVariables.CLIENT_CERTIFICATE_SECRET = props.clientCertificateSecretName;

    this.canary = new synthetics.Canary(this, 'Canary', {
      canaryName: props.canaryName,
      runtime: synthetics.Runtime.SYNTHETICS_NODEJS_PUPPETEER_13_0,
      test: synthetics.Test.custom({ code: synthetics.Code.fromInline(PROBE_SCRIPT), handler: 'index.handler' }),
      schedule: synthetics.Schedule.rate(Duration.minutes(1)),
      timeout: Duration.seconds(30),
      environmentVariables,
      ...(props.placement ? { vpc: props.placement.vpc, vpcSubnets: props.placement.subnets, securityGroups: [securityGroup!] } : {}),
      role,
      artifactsBucketLocation: { bucket: this.artifactsBucket, prefix: this.artifactsPrefix },
      successRetentionPeriod: Duration.days(7),
      failureRetentionPeriod: Duration.days(retentionDays),
      provisionedResourceCleanup: true,
      startAfterCreation: true,
    });
    // Set on the L1 so that CDK does not add its own (wildcard-action) key grant to the role.
    (this.canary.node.defaultChild as synthetics.CfnCanary).artifactConfig = {
      s3Encryption: { encryptionMode: 'SSE_KMS', kmsKeyArn: props.encryptionKey.keyArn },
    };

    this.unreachable = props.alarms.addAlarm(this, 'Unreachable', {
      name: 'endpoint-unreachable',
      description: `The outside-in probe of ${Token.isUnresolved(props.publicUrl) ? 'the public URL' : props.publicUrl} failed: customers cannot use the service. Open the canary's last failed run.`,
      metric: this.canary.metricSuccessPercent({ period: Duration.minutes(1), statistic: 'Average' }),
      threshold: 90,
      comparison: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      // A canary that stops running leaves us blind: that is a failure too.
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      // Critical within 180 s: one run's datapoint + its publication + the evaluation cadence (MON-1).
      datapointsToAlarm: 1,
      evaluationPeriods: 2,
      critical: true,
    });
  }
}
