/**
 * The least time security logs and evidence are kept: three years (seed S3; LOG-1, LOG-2, LOG-3),
 * in days as CloudWatch Logs and S3 Object Lock count them. 1095 is not a CloudWatch Logs
 * retention value; 1096 is (`RetentionDays.THREE_YEARS`), see
 * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html
 * The configuration refuses less (config/validate.ts); the rule pack judges the templates by it.
 */
export const MIN_LOG_RETENTION_DAYS = 1096;
