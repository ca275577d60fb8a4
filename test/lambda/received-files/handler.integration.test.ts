/**
 * Received files against moto's S3 (versioning, copy, delete, metadata, browser POST): the
 * quarantine move done for real by the Lambda handler, and an upload through a presigned POST
 * signed by the app's code. moto does not check POST policies (no `content-length-range`
 * enforcement), so "S3 refuses a body above the limit" cannot be shown here; the unit tests pin
 * the signed policy instead.
 */
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { scanEvent } from './scan-events';
import { captureStdout, REGION, useMotoServer } from '../../support/aws-fixture';

jest.setTimeout(60_000);

const UPLOADS = 'hardened-files-uploads';
const QUARANTINE = 'hardened-files-quarantine';
const KEY = 'incoming/0b7a1c7e-5a4e-4a43-9d2b-6d9f3c1e2a10';
// The EICAR test string: harmless, recognised by every scanner.
const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';

type Handler = (event: unknown, context?: { awsRequestId?: string }) => Promise<void>;

const moto = useMotoServer();
let s3: S3Client;
let handler: Handler;
let out: ReturnType<typeof captureStdout>;

beforeAll(async () => {
  s3 = new S3Client({ endpoint: moto().endpoint, region: REGION, forcePathStyle: true });
  Object.assign(process.env, { AWS_ENDPOINT_URL: moto().endpoint, UPLOAD_BUCKET: UPLOADS, QUARANTINE_BUCKET: QUARANTINE, UPLOAD_RETENTION_DAYS: '7' });
  jest.isolateModules(() => {
    handler = (require('../../../lambda/received-files/handler') as { handler: Handler }).handler;
  });
});

afterAll(async () => {
  s3?.destroy();
});

beforeEach(async () => {
  await moto().reset();
  for (const Bucket of [UPLOADS, QUARANTINE]) {
    await s3.send(new CreateBucketCommand({ Bucket, CreateBucketConfiguration: { LocationConstraint: REGION } }));
    await s3.send(new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: 'Enabled' } }));
  }
  out = captureStdout();
});

afterEach(() => out.restore());

const upload = async (body: string) => (await s3.send(new PutObjectCommand({ Bucket: UPLOADS, Key: KEY, Body: body, ContentType: 'application/pdf' }))).VersionId!;
const versionsOf = async (Bucket: string, Prefix: string) => ((await s3.send(new ListObjectVersionsCommand({ Bucket, Prefix }))).Versions ?? []).map((v) => v.VersionId);
const quarantineKey = (versionId: string) => `infected/${UPLOADS}/${versionId}/${KEY}`;

describe('an infected upload', () => {
  test('its exact version is copied to the quarantine bucket with its scan facts and removed from the upload bucket', async () => {
    const versionId = await upload(EICAR);
    await handler(scanEvent({ versionId }), { awsRequestId: 'req-1' });

    expect(await versionsOf(UPLOADS, KEY)).toEqual([]);
    const copy = await s3.send(new GetObjectCommand({ Bucket: QUARANTINE, Key: quarantineKey(versionId) }));
    expect(await copy.Body!.transformToString()).toBe(EICAR);
    expect(copy.ContentType).toBe('application/octet-stream');
    expect(copy.Metadata).toMatchObject({ 'scan-status': 'THREATS_FOUND', 'source-version-id': versionId, threats: 'EICAR-Test-File (not a virus)' });
    expect(out.lines()).toEqual([
      expect.objectContaining({ level: 'WARN', event: 'quarantined', requestId: 'req-1', versionId, quarantineKey: quarantineKey(versionId), correlation_id: KEY }),
    ]);
  });

  test('a redelivered event leaves one copy in quarantine and fails nothing', async () => {
    const versionId = await upload(EICAR);
    await handler(scanEvent({ versionId }));
    await handler(scanEvent({ versionId }));
    expect(await versionsOf(QUARANTINE, quarantineKey(versionId))).toHaveLength(1);
    expect(out.lines().map((l) => l.event)).toEqual(['quarantined', 'already-quarantined']);
  });

  test('a newer upload under the same key is not touched: only the scanned version moves', async () => {
    const infected = await upload(EICAR);
    const newer = await upload('%PDF-1.7 clean');
    await handler(scanEvent({ versionId: infected }));
    expect(await versionsOf(UPLOADS, KEY)).toEqual([newer]);
    const current = await s3.send(new HeadObjectCommand({ Bucket: UPLOADS, Key: KEY }));
    expect(current.VersionId).toBe(newer);
  });
});

test('a clean result moves nothing and logs the release', async () => {
  const versionId = await upload('%PDF-1.7 clean');
  await handler(scanEvent({ versionId, status: 'NO_THREATS_FOUND' }));
  expect(await versionsOf(UPLOADS, KEY)).toEqual([versionId]);
  expect(await versionsOf(QUARANTINE, 'infected/')).toEqual([]);
  expect(out.lines()).toEqual([expect.objectContaining({ level: 'INFO', event: 'released', versionId })]);
});

test('a browser POST signed by the app lands under its key with the signed content type', async () => {
  const { createUploadPost } = require('../../../lib/app-tier/reference-app/src/upload-post') as typeof import('../../../lib/app-tier/reference-app/src/upload-post');
  const post = await createUploadPost(s3, { bucket: UPLOADS, maxUploadBytes: 1024, allowedContentTypes: ['text/csv'], expirySeconds: 300 }, { contentType: 'text/csv', sizeBytes: 9 });
  const form = new FormData();
  for (const [name, value] of Object.entries(post.fields)) form.append(name, value);
  form.append('file', new Blob(['a,b\n1,2\n']), 'data.csv');
  const response = await fetch(post.url, { method: 'POST', body: form });
  expect(response.status).toBeLessThan(300);
  const head = await s3.send(new HeadObjectCommand({ Bucket: UPLOADS, Key: post.key }));
  expect(head.ContentLength).toBe(8);
  expect(head.ContentType).toBe('text/csv');
});
