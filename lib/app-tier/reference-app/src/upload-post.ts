/**
 * The application's upload signing code (FILE-1, seed S4): checks a requested upload against the
 * configured limits and returns a presigned POST for the upload bucket.
 *
 * Who enforces what:
 * - S3 enforces what the signed POST policy says: the body size (`content-length-range`), the
 *   exact Content-Type, the exact key, the bucket and the expiry. A form field the policy does
 *   not name (a `tagging` field forging the scan tag, another key) makes S3 refuse the upload.
 * - The bucket policy makes a POST signed by the app role the only way in.
 * - This code decides what goes into the policy: it refuses types not in the allowlist and
 *   declared sizes above the limit before signing, and never signs without a size range.
 * The Content-Type is what the client declares, not sniffed content: GuardDuty scans the bytes.
 */
import { randomUUID } from 'node:crypto';
import { S3Client } from '@aws-sdk/client-s3';
import { PresignedPost, createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { UPLOAD_ENV, UPLOAD_PREFIX } from '../../../../lambda/shared/contracts/received-files';

export interface UploadLimits {
  readonly maxUploadBytes: number;
  readonly allowedContentTypes: readonly string[];
  readonly expirySeconds: number;
}

export interface UploadSettings extends UploadLimits {
  readonly bucket: string;
}

export interface UploadRequest {
  /** The media type the client will send (`Content-Type` form field). */
  readonly contentType: string;
  /** The size the client declares, in bytes (S3 checks the real body against the limit). */
  readonly sizeBytes: number;
}

export interface UploadProblem {
  readonly field: string;
  readonly value: unknown;
  readonly allowed: string;
}

/** The request breaks the limits; nothing was signed. */
export class UploadRejected extends Error {
  constructor(readonly problems: readonly UploadProblem[]) {
    super(`Upload refused: ${problems.map((p) => `${p.field}: got ${JSON.stringify(p.value)}; allowed: ${p.allowed}`).join('; ')}`);
    this.name = 'UploadRejected';
  }
}

/** Every way `request` breaks `limits` (empty when it may be signed). */
export function checkUploadRequest(request: UploadRequest, limits: UploadLimits): UploadProblem[] {
  const problems: UploadProblem[] = [];
  if (typeof request.contentType !== 'string' || !limits.allowedContentTypes.includes(request.contentType)) {
    problems.push({ field: 'contentType', value: request.contentType, allowed: limits.allowedContentTypes.join(', ') });
  }
  if (typeof request.sizeBytes !== 'number' || !Number.isInteger(request.sizeBytes) || request.sizeBytes < 1 || request.sizeBytes > limits.maxUploadBytes) {
    problems.push({ field: 'sizeBytes', value: request.sizeBytes, allowed: `a whole number of bytes from 1 to ${limits.maxUploadBytes}` });
  }
  return problems;
}

export interface UploadPost extends PresignedPost {
  /** The object key the upload will have (chosen here, never by the client). */
  readonly key: string;
}

/**
 * Signs a POST for one upload with the caller's credentials (the app role's). Throws
 * UploadRejected when the request breaks the limits.
 */
export async function createUploadPost(
  s3: S3Client,
  settings: UploadSettings,
  request: UploadRequest,
  newKey: () => string = () => `${UPLOAD_PREFIX}${randomUUID()}`,
): Promise<UploadPost> {
  const problems = checkUploadRequest(request, settings);
  if (problems.length > 0) throw new UploadRejected(problems);
  const key = newKey();
  const post = await createPresignedPost(s3, {
    Bucket: settings.bucket,
    Key: key, // signed as an exact match
    Conditions: [
      ['content-length-range', 1, settings.maxUploadBytes],
      ['eq', '$Content-Type', request.contentType],
    ],
    Fields: { 'Content-Type': request.contentType },
    Expires: settings.expirySeconds,
  });
  return { ...post, key };
}

/** The settings from the task's environment (UPLOAD_ENV); every problem reported at once. */
export function uploadSettingsFromEnv(env: Readonly<Record<string, string | undefined>>): UploadSettings {
  const problems: string[] = [];
  const bucket = env[UPLOAD_ENV.bucket]?.trim() ?? '';
  if (bucket === '') problems.push(`${UPLOAD_ENV.bucket} is not set`);
  const whole = (name: string, min: number, max: number): number => {
    const value = Number(env[name]);
    if (!Number.isInteger(value) || value < min || value > max) problems.push(`${name}: got ${JSON.stringify(env[name])}; expected a whole number from ${min} to ${max}`);
    return value;
  };
  const maxUploadBytes = whole(UPLOAD_ENV.maxUploadBytes, 1, 5 * 1024 ** 3);
  const expirySeconds = whole(UPLOAD_ENV.expirySeconds, 60, 3600);
  const allowedContentTypes = (env[UPLOAD_ENV.allowedContentTypes] ?? '').split(',').map((t) => t.trim()).filter((t) => t !== '');
  if (allowedContentTypes.length === 0) problems.push(`${UPLOAD_ENV.allowedContentTypes} is empty: no upload could ever be signed`);
  if (problems.length > 0) throw new Error(`Invalid upload settings: ${problems.join('; ')}`);
  return { bucket, maxUploadBytes, allowedContentTypes, expirySeconds };
}
