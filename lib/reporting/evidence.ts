/**
 * Which properties of a resource show a reviewer why it passes (the compliance report's
 * "evidence" column), by CloudFormation type. Only these are copied into the report, so it stays
 * readable and never carries a whole policy document.
 */
export const EVIDENCE_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
  'AWS::NetworkFirewall::Firewall': ['FirewallName', 'DeleteProtection', 'SubnetChangeProtection', 'FirewallPolicyChangeProtection'],
  'AWS::NetworkFirewall::FirewallPolicy': [
    'FirewallPolicy.StatefulEngineOptions',
    'FirewallPolicy.StatefulDefaultActions',
    'FirewallPolicy.StatelessDefaultActions',
  ],
  'AWS::NetworkFirewall::LoggingConfiguration': ['LoggingConfiguration.LogDestinationConfigs'],
  'AWS::EC2::Route': ['DestinationCidrBlock', 'GatewayId', 'VpcEndpointId', 'NatGatewayId'],
  'AWS::EC2::RouteTable': ['Tags'],
  'AWS::EC2::FlowLog': ['TrafficType', 'LogDestinationType'],
  'AWS::EC2::VPC': ['CidrBlock'],
  'AWS::CloudTrail::Trail': ['IsMultiRegionTrail', 'EnableLogFileValidation', 'IncludeGlobalServiceEvents'],
  'AWS::Logs::LogGroup': ['LogGroupName', 'RetentionInDays'],
  'AWS::S3::Bucket': ['ObjectLockEnabled', 'ObjectLockConfiguration', 'VersioningConfiguration', 'PublicAccessBlockConfiguration'],
  'AWS::KMS::Key': ['EnableKeyRotation', 'KeySpec'],
  'AWS::WAFv2::WebACL': ['DefaultAction', 'Scope'],
  'AWS::WAFv2::LoggingConfiguration': ['RedactedFields'],
  'AWS::ElasticLoadBalancingV2::LoadBalancer': ['Scheme', 'LoadBalancerAttributes'],
  'AWS::ElasticLoadBalancingV2::Listener': ['Protocol', 'Port', 'SslPolicy', 'MutualAuthentication', 'ListenerAttributes'],
  'AWS::ElasticLoadBalancingV2::ListenerRule': ['Priority'],
  'AWS::Cognito::UserPool': ['Policies.PasswordPolicy', 'MfaConfiguration'],
  'AWS::ECS::Service': ['DesiredCount', 'LaunchType', 'DeploymentConfiguration', 'NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp'],
  'AWS::ECS::TaskDefinition': ['ContainerDefinitions.0.ReadonlyRootFilesystem', 'ContainerDefinitions.0.User', 'ContainerDefinitions.0.Privileged'],
  'AWS::Scheduler::Schedule': ['ScheduleExpression', 'ScheduleExpressionTimezone', 'Target.Arn'],
  'AWS::RDS::DBInstance': [
    'StorageEncrypted',
    'MultiAZ',
    'BackupRetentionPeriod',
    'PreferredBackupWindow',
    'DeletionProtection',
    'EnableIAMDatabaseAuthentication',
    'PubliclyAccessible',
    'SourceDBInstanceIdentifier',
  ],
  'AWS::Backup::BackupPlan': ['BackupPlan.BackupPlanRule'],
  'AWS::Backup::BackupVault': ['BackupVaultName', 'LockConfiguration'],
  'AWS::CloudWatch::Alarm': ['Period', 'EvaluationPeriods', 'DatapointsToAlarm', 'TreatMissingData'],
  'AWS::CloudWatch::CompositeAlarm': ['AlarmRule'],
  'AWS::Events::Rule': ['EventPattern'],
  'AWS::SNS::Topic': ['KmsMasterKeyId'],
  'AWS::Synthetics::Canary': ['Schedule', 'RuntimeVersion'],
  'AWS::GuardDuty::MalwareProtectionPlan': ['Actions'],
};
