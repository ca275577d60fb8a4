import { Match, Template } from 'aws-cdk-lib/assertions';
import { DEFAULT_CONFIG } from '../../lib/config/defaults';
import { resourcesOfType, template, templateJson } from '../support/assembly';

// FILE-1 on the default app (shared assembly): the upload bucket, its scan, the routing of results.
let files: Template;
beforeAll(() => {
  files = template('Files');
});

const ref = (logicalIdPrefix: string) => ({ Ref: Match.stringLikeRegexp(`^${logicalIdPrefix}`) });
const getAtt = (logicalIdPrefix: string, attribute = 'Arn') => ({ 'Fn::GetAtt': [Match.stringLikeRegexp(`^${logicalIdPrefix}`), attribute] });

describe('the upload bucket', () => {
  test('is tagged as the upload bucket, encrypted with its own rotating key, versioned, private, access-logged, retained', () => {
    files.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        Tags: Match.arrayWith([{ Key: 'hardened:purpose', Value: 'upload' }]),
        BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: getAtt('UploadsKey') } })] },
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'files-upload/' }),
      }),
    });
    files.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true, Description: Match.stringLikeRegexp('upload bucket') });
  });

  test('every object expires after files.uploadRetentionDays; replaced versions and unfinished uploads after a day', () => {
    files.hasResourceProperties('AWS::S3::Bucket', {
      Tags: Match.arrayWith([{ Key: 'hardened:purpose', Value: 'upload' }]),
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({
            Status: 'Enabled',
            ExpirationInDays: DEFAULT_CONFIG.files.uploadRetentionDays,
            NoncurrentVersionExpiration: { NoncurrentDays: 1 },
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
          }),
        ]),
      },
    });
    // An object rule with a prefix or tag filter would exempt objects from expiry.
    const upload = resourcesOfType(templateJson('Files'), 'AWS::S3::Bucket').find(([id]) => id.startsWith('Uploads'))![1];
    expect(upload.Properties.LifecycleConfiguration.Rules.filter((r: any) => r.ExpirationInDays).every((r: any) => !r.Prefix && !r.TagFilters)).toBe(true);
  });
});

describe('GuardDuty Malware Protection for S3', () => {
  test('a plan protects the upload bucket and tags every scanned object', () => {
    files.hasResourceProperties('AWS::GuardDuty::MalwareProtectionPlan', {
      ProtectedResource: { S3Bucket: { BucketName: ref('UploadsBucket') } },
      Actions: { Tagging: { Status: 'ENABLED' } },
      Role: getAtt('MalwareScanRole'),
    });
  });

  test("the plan's role is assumable only by the malware-protection service for this account", () => {
    files.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Principal: { Service: 'malware-protection-plan.guardduty.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': DEFAULT_CONFIG.account }, ArnLike: { 'aws:SourceArn': Match.anyValue() } },
          }),
        ],
      },
    });
  });

  test("the plan's role decrypts only through S3 and writes only the validation object", () => {
    files.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Roles: [ref('MalwareScanRole')],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Sid: 'PutValidationObject', Action: 's3:PutObject', Resource: { 'Fn::Join': ['', [getAtt('UploadsBucket'), '/malware-protection-resource-validation-object']] } }),
          Match.objectLike({ Sid: 'DecryptToScan', Condition: { StringLike: { 'kms:ViaService': `s3.${DEFAULT_CONFIG.primaryRegion}.amazonaws.com` } } }),
        ]),
      },
    });
  });
});

describe('scan results routed by EventBridge', () => {
  const pattern = (statuses: unknown) => ({
    source: ['aws.guardduty'],
    'detail-type': ['GuardDuty Malware Protection Object Scan Result'],
    detail: { s3ObjectDetails: { bucketName: [ref('UploadsBucket')] }, scanResultDetails: { scanResultStatus: statuses } },
  });

  test('every result of the upload bucket reaches the mover, with retries and a dead-letter queue', () => {
    files.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: pattern(Match.arrayEquals(['NO_THREATS_FOUND', 'THREATS_FOUND', 'UNSUPPORTED', 'ACCESS_DENIED', 'FAILED'])),
      Targets: [Match.objectLike({ Arn: getAtt('ScanResultsMoverFunction'), DeadLetterConfig: { Arn: getAtt('ScanResultsDeadLetters') } })],
    });
  });

  test('every result but NO_THREATS_FOUND notifies the alarm topic with bucket, key, status and threats', () => {
    files.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: pattern(Match.arrayEquals(['THREATS_FOUND', 'UNSUPPORTED', 'ACCESS_DENIED', 'FAILED'])),
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetStackOutput': Match.objectLike({ StackName: 'Hardened-Alerting', OutputName: Match.stringLikeRegexp('^PublishOutputRefAlarmTopic') }) },
          RoleArn: getAtt('ScanResultsAlertPublisherRole'),
          DeadLetterConfig: { Arn: getAtt('ScanResultsDeadLetters') },
          InputTransformer: {
            InputPathsMap: Match.objectLike({
              'detail-s3ObjectDetails-bucketName': '$.detail.s3ObjectDetails.bucketName',
              'detail-s3ObjectDetails-objectKey': '$.detail.s3ObjectDetails.objectKey',
              'detail-scanResultDetails-threats': '$.detail.scanResultDetails.threats',
            }),
            InputTemplate: Match.anyValue(),
          },
        }),
      ],
    });
  });

  // Runtime and X-Ray of every function: test/core/hardened-function.test.ts.
  test('the mover runs in the app subnets with reserved concurrency and a dead-letter queue', () => {
    files.hasResourceProperties('AWS::Lambda::Function', {
      ReservedConcurrentExecutions: Match.anyValue(),
      DeadLetterConfig: { TargetArn: getAtt('ScanResultsDeadLetters') },
      VpcConfig: { SubnetIds: Match.arrayWith([{ 'Fn::GetStackOutput': Match.objectLike({ OutputName: Match.stringLikeRegexp('AppSubnet') }) }]), SecurityGroupIds: Match.anyValue() },
    });
  });

  test('the mover reads and deletes upload versions, writes quarantine, and reads nothing there', () => {
    files.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Roles: [ref('ScanResultsMoverRole')],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: ['s3:DeleteObjectVersion', 's3:GetObjectVersion'], Resource: { 'Fn::Join': ['', [getAtt('UploadsBucket'), '/*']] } }),
          Match.objectLike({ Action: 's3:PutObject', Resource: { 'Fn::Join': ['', [getAtt('QuarantineBucket'), '/infected/*']] } }),
        ]),
      },
    });
    const mover = resourcesOfType(templateJson('Files'), 'AWS::IAM::ManagedPolicy').find(([id]) => id.startsWith('ScanResultsMoverPolicy'))![1];
    const actions = mover.Properties.PolicyDocument.Statement.flatMap((s: any) => [s.Action].flat());
    expect(actions).not.toContain('s3:GetObject');
  });

  test('the stack makes no alarm: Monitoring alarms on its dead letters and mover errors within a minute, and shows them (issue #21)', () => {
    files.resourceCountIs('AWS::CloudWatch::Alarm', 0);
    const monitoring = templateJson('Monitoring');
    const filesOutput = (prefix: string) => (v: any) => v?.['Fn::GetStackOutput']?.StackName === 'Hardened-Files' && String(v['Fn::GetStackOutput'].OutputName).startsWith(prefix);
    const watched = { 'files-scan-dead-letters': filesOutput('PublishOutputFnGetAttScanResultsDeadLetters'), 'files-mover-errors': filesOutput('PublishOutputRefScanResultsMoverFunction') };
    const dashboard = JSON.stringify(resourcesOfType(monitoring, 'AWS::CloudWatch::Dashboard')[0][1].Properties.DashboardBody);
    for (const [name, isFilesResource] of Object.entries(watched)) {
      const [id, alarm] = resourcesOfType(monitoring, 'AWS::CloudWatch::Alarm').find(([, r]) => r.Properties.AlarmName === `${DEFAULT_CONFIG.projectName}-${name}`)!;
      const [stat] = alarm.Properties.Metrics.map((m: any) => m.MetricStat);
      expect({ name, period: stat.Period, datapoints: alarm.Properties.EvaluationPeriods, files: isFilesResource(stat.Metric.Dimensions[0].Value) }).toEqual({ name, period: 60, datapoints: 1, files: true });
      expect(dashboard).toContain(id);
    }
  });
});

describe('the quarantine', () => {
  test('has its own key, expires after files.quarantineRetentionDays, and is retained', () => {
    files.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: getAtt('QuarantineKey') } })] },
        LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ ExpirationInDays: DEFAULT_CONFIG.files.quarantineRetentionDays })]) },
      }),
    });
  });

  test('the security role needs MFA and lasts an hour', () => {
    files.hasResourceProperties('AWS::IAM::Role', {
      MaxSessionDuration: 3600,
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } })] },
    });
  });
});
