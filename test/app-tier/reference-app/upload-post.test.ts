import { S3Client } from '@aws-sdk/client-s3';
import { DEFAULT_CONFIG } from '../../../lib/config/defaults';
import { UploadRejected, checkUploadRequest, createUploadPost, uploadSettingsFromEnv } from '../../../lib/app-tier/reference-app/src/upload-post';

// Signing is offline: static credentials, no request is sent.
const s3 = new S3Client({ region: 'ap-northeast-1', credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret' } });
const settings = {
  bucket: 'hardened-files-uploads',
  maxUploadBytes: DEFAULT_CONFIG.files.maxUploadBytes,
  allowedContentTypes: DEFAULT_CONFIG.files.allowedContentTypes,
  expirySeconds: DEFAULT_CONFIG.files.uploadUrlExpirySeconds,
};
const policyOf = (fields: Record<string, string>) => JSON.parse(Buffer.from(fields.Policy, 'base64').toString('utf8'));

describe('createUploadPost', () => {
  test('signs a POST whose policy S3 enforces: size range up to the limit, exact type, exact key, bucket, expiry', async () => {
    const before = Date.now();
    const post = await createUploadPost(s3, settings, { contentType: 'application/pdf', sizeBytes: 2_000_000 }, () => 'incoming/fixed-key');
    expect(post.key).toBe('incoming/fixed-key');
    expect(post.url).toMatch(/hardened-files-uploads/);
    expect(post.fields).toMatchObject({ key: 'incoming/fixed-key', 'Content-Type': 'application/pdf', 'X-Amz-Algorithm': 'AWS4-HMAC-SHA256' });
    const policy = policyOf(post.fields);
    expect(policy.conditions).toEqual(
      expect.arrayContaining([
        ['content-length-range', 1, 100 * 1024 * 1024],
        ['eq', '$Content-Type', 'application/pdf'],
        { bucket: 'hardened-files-uploads' },
        { key: 'incoming/fixed-key' },
      ]),
    );
    // No condition lets the form add fields such as `tagging` (S3 refuses unlisted fields).
    expect(JSON.stringify(policy.conditions)).not.toMatch(/tagging|starts-with/);
    const expires = Date.parse(policy.expiration);
    expect(expires - before).toBeGreaterThan((settings.expirySeconds - 5) * 1000);
    expect(expires - before).toBeLessThanOrEqual((settings.expirySeconds + 5) * 1000);
  });

  test('every key is new, under the upload prefix, never chosen by the client', async () => {
    const a = await createUploadPost(s3, settings, { contentType: 'image/png', sizeBytes: 10 });
    const b = await createUploadPost(s3, settings, { contentType: 'image/png', sizeBytes: 10 });
    expect(a.key).toMatch(/^incoming\/[0-9a-f-]{36}$/);
    expect(a.key).not.toBe(b.key);
  });

  test.each([
    ['a declared size above the limit', { contentType: 'application/pdf', sizeBytes: 100 * 1024 * 1024 + 1 }, 'sizeBytes'],
    ['an empty file', { contentType: 'application/pdf', sizeBytes: 0 }, 'sizeBytes'],
    ['a type not on the list', { contentType: 'application/x-msdownload', sizeBytes: 10 }, 'contentType'],
    ['a type with parameters', { contentType: 'text/csv; charset=utf-8', sizeBytes: 10 }, 'contentType'],
  ])('refuses %s without signing anything', async (_name, request, field) => {
    await expect(createUploadPost(s3, settings, request)).rejects.toThrow(UploadRejected);
    expect(checkUploadRequest(request, settings).map((p) => p.field)).toEqual([field]);
  });
});

describe('uploadSettingsFromEnv', () => {
  test('reads the values the Files stack outputs', () => {
    expect(
      uploadSettingsFromEnv({
        FILES_UPLOAD_BUCKET: 'b',
        FILES_MAX_UPLOAD_BYTES: '104857600',
        FILES_ALLOWED_CONTENT_TYPES: 'application/pdf, image/png',
        FILES_UPLOAD_URL_EXPIRY_SECONDS: '300',
      }),
    ).toEqual({ bucket: 'b', maxUploadBytes: 104857600, allowedContentTypes: ['application/pdf', 'image/png'], expirySeconds: 300 });
  });

  test('names every missing or wrong variable', () => {
    expect(() => uploadSettingsFromEnv({ FILES_MAX_UPLOAD_BYTES: '0' })).toThrow(
      /FILES_UPLOAD_BUCKET is not set; FILES_MAX_UPLOAD_BYTES: got "0".*FILES_UPLOAD_URL_EXPIRY_SECONDS: got undefined.*FILES_ALLOWED_CONTENT_TYPES is empty/,
    );
  });
});
