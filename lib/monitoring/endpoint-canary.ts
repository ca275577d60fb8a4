import { ArnFormat, Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as synthetics from 'aws-cdk-lib/aws-synthetics';
import { Construct } from 'constructs';
import { encryptedBucketProps } from '../constructs/encrypted-bucket';
import { AlarmFactory } from './alarm-factory';

const ARTIFACT_PREFIX = 'runs';

/**
 * The canary script: one HTTPS GET of the public URL; any answer outside 2xx/3xx, a TLS error or
 * no answer within 10 s fails the run. No browser is launched, so a run takes about a second.
 * `Synthetics`/`SyntheticsLogger` are the module names up to syn-nodejs-puppeteer-13.0; from 13.1
 * on they are `@aws/synthetics-puppeteer`/`@aws/synthetics-logger` (the old names still load).
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
  const stepConfig = {
    includeRequestHeaders: false,
    includeResponseHeaders: true,
    includeRequestBody: false,
    includeResponseBody: false,
    continueOnHttpStepFailure: false,
  };
  return synthetics.executeHttpStep('GET ' + requestOptions.path, requestOptions, validateResponse, stepConfig);
};

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
`;

export interface EndpointCanaryProps {
  /** The public HTTPS URL customers use (e.g. https://app.example.com/). */
  readonly publicUrl: string;
  /** Canary name: lower case, digits, `-` and `_`. */
  readonly canaryName: string;
  /** Customer-managed key for the run artifacts. */
  readonly encryptionKey: kms.IKey;
  /** Destination of the artifacts bucket's server-access logs. */
  readonly accessLogBucket: s3.IBucket;
  readonly alarms: AlarmFactory;
  /** Days run artifacts are kept. @default 31 */
  readonly artifactRetentionDays?: number;
}

/**
 * MON-2: the outside-in probe. A CloudWatch Synthetics canary outside the VPC requests the public
 * URL every minute, through the internet, WAF, the Network Firewall and the ALB, like a customer.
 */
export class EndpointCanary extends Construct {
  public readonly canary: synthetics.Canary;
  public readonly artifactsBucket: s3.Bucket;
  /** Customer impact: the public endpoint does not answer correctly (part of the service-down composite). */
  public readonly unreachable: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: EndpointCanaryProps) {
    super(scope, id);
    if (!Token.isUnresolved(props.publicUrl) && !/^https:\/\/[^\s/]+/.test(props.publicUrl)) {
      throw new Error(`publicUrl must be an https:// URL (the probe checks TLS like a customer), got "${props.publicUrl}".`);
    }
    if (!/^[0-9a-z_-]{1,255}$/.test(props.canaryName)) throw new Error(`Canary name "${props.canaryName}" may contain only a-z, 0-9, '-' and '_'.`);
    const retentionDays = props.artifactRetentionDays ?? 31;
    const stack = Stack.of(this);

    this.artifactsBucket = new s3.Bucket(this, 'Artifacts', {
      ...encryptedBucketProps(props.encryptionKey),
      serverAccessLogsBucket: props.accessLogBucket,
      serverAccessLogsPrefix: `canary-artifacts/${props.canaryName}/`,
      lifecycleRules: [
        {
          id: 'expire-run-artifacts',
          expiration: Duration.days(retentionDays),
          noncurrentVersionExpiration: Duration.days(1),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
    });
    Validations.of(this.artifactsBucket).acknowledge(
      ...['NIST.800.53.R5-S3BucketReplicationEnabled', 'HIPAA.Security-S3BucketReplicationEnabled', 'PCI.DSS.321-S3BucketReplicationEnabled'].map((id) => ({
        id,
        reason:
          'Canary run artifacts (HTTP step logs of a public URL, no personal data) expire after a month and only help debug a failed probe; the availability record itself is the CloudWatch metric, so a second-region copy would add cost without protecting anything.',
      })),
    );

    // The role CloudWatch Synthetics documents for canaries, scoped to this canary's bucket
    // prefix, key and log group, as a managed policy (no inline policies).
    const functionLogs = stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: `/aws/lambda/cwsyn-${props.canaryName}-*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    const policy = new iam.ManagedPolicy(this, 'Policy', {
      description: `CloudWatch Synthetics canary ${props.canaryName}: write run artifacts, metrics and logs`,
      statements: [
        new iam.PolicyStatement({ sid: 'WriteArtifacts', actions: ['s3:PutObject'], resources: [this.artifactsBucket.arnForObjects(`${ARTIFACT_PREFIX}/*`)] }),
        new iam.PolicyStatement({ sid: 'LocateBucket', actions: ['s3:GetBucketLocation'], resources: [this.artifactsBucket.bucketArn] }),
        new iam.PolicyStatement({ sid: 'ListBuckets', actions: ['s3:ListAllMyBuckets'], resources: ['*'] }),
        new iam.PolicyStatement({ sid: 'EncryptArtifacts', actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [props.encryptionKey.keyArn] }),
        new iam.PolicyStatement({
          sid: 'PublishMetrics',
          actions: ['cloudwatch:PutMetricData'],
          resources: ['*'],
          conditions: { StringEquals: { 'cloudwatch:namespace': 'CloudWatchSynthetics' } },
        }),
        new iam.PolicyStatement({ sid: 'WriteLogs', actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], resources: [functionLogs] }),
      ],
    });
    Validations.of(policy).acknowledge(
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          's3:ListAllMyBuckets and cloudwatch:PutMetricData support no resource-level permissions; Synthetics requires both, and PutMetricData is limited to the CloudWatchSynthetics namespace by condition.',
      },
      {
        id: `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(this.artifactsBucket.node.defaultChild as s3.CfnBucket)}.Arn>/${ARTIFACT_PREFIX}/*]`,
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
      managedPolicies: [policy],
    });

    this.canary = new synthetics.Canary(this, 'Canary', {
      canaryName: props.canaryName,
      runtime: synthetics.Runtime.SYNTHETICS_NODEJS_PUPPETEER_13_0,
      test: synthetics.Test.custom({ code: synthetics.Code.fromInline(PROBE_SCRIPT), handler: 'index.handler' }),
      schedule: synthetics.Schedule.rate(Duration.minutes(1)),
      timeout: Duration.seconds(30),
      environmentVariables: { PROBE_URL: props.publicUrl },
      role,
      artifactsBucketLocation: { bucket: this.artifactsBucket, prefix: ARTIFACT_PREFIX },
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
