/**
 * What the alert-log-copy function and the `FirewallAlertCopy` construct agree on: the
 * environment variable names. Kept free of imports so the CDK app can read it without pulling
 * the Lambda code or the AWS SDK.
 */
export const ENV = {
  /** Log group the alerts are copied to. Required. */
  logGroupName: 'LOG_GROUP_NAME',
  /** The log archive bucket the firewall delivers ALERT objects to. Required. */
  archiveBucket: 'ARCHIVE_BUCKET',
  /** Key prefix of the ALERT objects (`…/AWSLogs/<account>/network-firewall/alert/<region>/<firewall>/`). Required. */
  alertKeyPrefix: 'ALERT_KEY_PREFIX',
} as const;
