/**
 * What the received-files functions, the app's upload signing code and the `lib/files`
 * constructs agree on: GuardDuty's tag and results, the event, key layout and environment names.
 * Kept free of imports so the CDK app can read it without pulling the Lambda code or the AWS SDK.
 */

/** The object tag GuardDuty Malware Protection for S3 writes after each scan (tagging ENABLED). */
export const SCAN_STATUS_TAG = 'GuardDutyMalwareScanStatus';

/** Every value GuardDuty writes into `SCAN_STATUS_TAG` and the scan-result event. */
export const SCAN_RESULT = {
  clean: 'NO_THREATS_FOUND',
  infected: 'THREATS_FOUND',
  unsupported: 'UNSUPPORTED',
  accessDenied: 'ACCESS_DENIED',
  failed: 'FAILED',
} as const;
export type ScanResultStatus = (typeof SCAN_RESULT)[keyof typeof SCAN_RESULT];
export const SCAN_RESULT_STATUSES: readonly ScanResultStatus[] = Object.values(SCAN_RESULT);

/** EventBridge `detail-type` of a scan result, published by `aws.guardduty` on the default bus. */
export const SCAN_RESULT_DETAIL_TYPE = 'GuardDuty Malware Protection Object Scan Result';

/** Uploads land under this prefix (the presigned POST fixes the whole key). */
export const UPLOAD_PREFIX = 'incoming/';

/** Infected objects land in the quarantine bucket under `infected/<source bucket>/<source version>/<source key>`. */
export const QUARANTINE_PREFIX = 'infected/';

/** The object GuardDuty writes once into a protected bucket to check its role's access. */
export const VALIDATION_OBJECT_KEY = 'malware-protection-resource-validation-object';

/** Environment variables of the scan-result function (read once, at module load). */
export const ENV = {
  /** The upload bucket: results about any other bucket are ignored. Required. */
  uploadBucket: 'UPLOAD_BUCKET',
  /** Where infected objects are moved. Required. */
  quarantineBucket: 'QUARANTINE_BUCKET',
  /** Days an object stays in the upload bucket (for the log line of an unscannable object). Required. */
  uploadRetentionDays: 'UPLOAD_RETENTION_DAYS',
} as const;

/** Environment variables of the application's upload signing code (`upload-post.ts`). */
export const UPLOAD_ENV = {
  bucket: 'FILES_UPLOAD_BUCKET',
  maxUploadBytes: 'FILES_MAX_UPLOAD_BYTES',
  allowedContentTypes: 'FILES_ALLOWED_CONTENT_TYPES',
  expirySeconds: 'FILES_UPLOAD_URL_EXPIRY_SECONDS',
} as const;
