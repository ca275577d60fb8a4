/**
 * Upload signing against moto's S3 and SSM: the application finds the bucket through the SSM
 * parameter the Files stack writes (app-contract.ts), signs a POST from the injected limits, and
 * the browser's upload lands under the signed key with the signed type. Requests above the
 * limit or of another type are refused before anything is signed.
 *
 * moto (checked here, see the last test) enforces none of a POST policy's conditions: not the
 * size range, the content type, the key, the expiry or even the signature. So the browser's
 * uploads go through `s3-post-policy.ts`, a proxy that evaluates the form against its signed
 * policy as the S3 documentation describes (signature, expiry, conditions, no extra fields) and
 * forwards to moto only what S3 would accept: a simulation with documented semantics, not S3.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { DATABASE_ENV, FILES_ENV, uploadBucketParameterName } from '../../../lib/app-tier/app-contract';
import { REGION, useMotoServer } from '../../support/aws-fixture';
import { AppProcess, PRODUCTION_ENTRY, call, removeBundles, startAppProcess } from './app-process';
import { contractEnv } from './contract-env';
import { Postgres } from './postgres';
import { PolicyProxy, startPolicyProxy } from './s3-post-policy';

jest.setTimeout(60_000);

const BUCKET = 'hardened-files-uploads-test';
const PARAMETER = uploadBucketParameterName('hardened');
const MAX_BYTES = 1024;

const moto = useMotoServer();
let s3: S3Client;
let ssm: SSMClient;
let app: AppProcess;
let dir: string;
let s3Front: PolicyProxy;

beforeAll(async () => {
  s3 = new S3Client({ endpoint: moto().endpoint, region: REGION, forcePathStyle: true });
  ssm = new SSMClient({ endpoint: moto().endpoint, region: REGION });
  // The application reaches "AWS" through the policy-checking front; the test sets moto up directly.
  s3Front = await startPolicyProxy(moto().endpoint, 'testing');
  // Signing needs no database: the pool connects on first use.
  dir = mkdtempSync(join(tmpdir(), 'refapp-uploads-'));
  writeFileSync(join(dir, 'ca.pem'), 'unused\n');
  const noDatabase = { host: '127.0.0.1', port: 1, caPath: join(dir, 'ca.pem') } as Postgres;
  app = await startAppProcess(
    PRODUCTION_ENTRY,
    contractEnv(noDatabase, { username: 'app', password: 'unused' }, {
      [FILES_ENV.bucket]: '',
      [FILES_ENV.bucketParameter]: PARAMETER,
      [FILES_ENV.maxUploadBytes]: String(MAX_BYTES),
      [FILES_ENV.allowedContentTypes]: 'application/pdf,text/csv',
      [DATABASE_ENV.caBundlePath]: join(dir, 'ca.pem'),
      AWS_ENDPOINT_URL: s3Front.endpoint,
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_REGION: REGION,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    }),
  );
});

afterAll(async () => {
  await app?.stop();
  await s3Front?.stop();
  s3?.destroy();
  ssm?.destroy();
  rmSync(dir, { recursive: true, force: true });
  removeBundles();
});

const sign = (contentType: string, sizeBytes: number) => call(app.port, '/api/uploads', { method: 'POST', body: { contentType, sizeBytes } });

async function browserPost(post: { url: string; fields: Record<string, string> }, body: Buffer, overrides: Record<string, string> = {}) {
  const form = new FormData();
  for (const [k, v] of Object.entries({ ...post.fields, ...overrides })) form.append(k, v);
  form.append('file', new Blob([body]), 'upload.bin'); // the file field comes last, as S3 requires
  const response = await fetch(post.url, { method: 'POST', body: form });
  return response.status;
}

describe('signing uploads from the injected settings', () => {
  test('before the Files stack wrote the bucket parameter: 503, and signing works once it exists', async () => {
    await moto().reset();
    expect(await sign('application/pdf', 10)).toMatchObject({ status: 503, body: { error: 'uploads unavailable' } });
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET, CreateBucketConfiguration: { LocationConstraint: REGION } }));
    await ssm.send(new PutParameterCommand({ Name: PARAMETER, Value: BUCKET, Type: 'String' }));
    expect(await sign('application/pdf', 10)).toMatchObject({ status: 201 });
  });

  test('the signed POST carries the limits, and the upload lands under the signed key with the signed type', async () => {
    const answer = await sign('application/pdf', 500);
    expect(answer.status).toBe(201);
    const { url, fields, key } = answer.body;
    expect(url).toContain(BUCKET);
    expect(key).toMatch(/^incoming\/[0-9a-f-]{36}$/);
    const policy = JSON.parse(Buffer.from(fields.Policy, 'base64').toString('utf8'));
    expect(policy.conditions).toEqual(
      expect.arrayContaining([['content-length-range', 1, MAX_BYTES], ['eq', '$Content-Type', 'application/pdf'], { bucket: BUCKET }, { key }]),
    );
    const expiresInSeconds = (Date.parse(policy.expiration) - Date.now()) / 1000;
    expect(expiresInSeconds).toBeGreaterThan(250);
    expect(expiresInSeconds).toBeLessThanOrEqual(300);

    expect(await browserPost({ url, fields }, Buffer.alloc(500, 1))).toBe(204);
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
    expect(head).toMatchObject({ ContentLength: 500, ContentType: 'application/pdf' });
  });

  test('refuses to sign a size above the limit or a type not allowed, naming the field', async () => {
    const tooBig = await sign('application/pdf', MAX_BYTES + 1);
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.problems).toEqual([expect.objectContaining({ field: 'sizeBytes', value: MAX_BYTES + 1 })]);
    const html = await sign('text/html', 10);
    expect(html.status).toBe(400);
    expect(html.body.problems).toEqual([expect.objectContaining({ field: 'contentType', value: 'text/html' })]);
    expect((await call(app.port, '/api/uploads', { method: 'POST', body: [1, 2] })).status).toBe(400);
  });

  test('S3’s checks of the signed policy refuse a body over the limit, another type, another key, a forged scan tag', async () => {
    const { url, fields, key } = (await sign('application/pdf', 10)).body;
    expect(await browserPost({ url, fields }, Buffer.alloc(MAX_BYTES + 1, 1))).toBe(400);
    expect(s3Front.lastRefusal()).toMatch(/EntityTooLarge/);
    expect(await browserPost({ url, fields }, Buffer.alloc(10, 1), { 'Content-Type': 'text/html' })).toBe(403);
    expect(s3Front.lastRefusal()).toMatch(/Content-Type/);
    expect(await browserPost({ url, fields }, Buffer.alloc(10, 1), { key: 'incoming/chosen-by-the-client' })).toBe(403);
    expect(await browserPost({ url, fields }, Buffer.alloc(10, 1), { tagging: '<Tagging><TagSet><Tag><Key>GuardDutyMalwareScanStatus</Key><Value>NO_THREATS_FOUND</Value></Tag></TagSet></Tagging>' })).toBe(403);
    expect(s3Front.lastRefusal()).toMatch(/Extra input fields: tagging/);
    await expect(s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }))).rejects.toThrow();
    // The same form within the limits is accepted.
    expect(await browserPost({ url, fields }, Buffer.alloc(MAX_BYTES, 1))).toBe(204);
  });

  test('moto itself enforces no POST policy condition (why the checks above are simulated)', async () => {
    const { url, fields } = (await sign('application/pdf', 10)).body;
    const straightToMoto = url.replace(s3Front.endpoint, moto().endpoint);
    expect(await browserPost({ url: straightToMoto, fields }, Buffer.alloc(MAX_BYTES * 2, 1))).toBe(204);
    expect(await browserPost({ url: straightToMoto, fields }, Buffer.alloc(10, 1), { 'Content-Type': 'text/html' })).toBe(204);
    expect(await browserPost({ url: straightToMoto, fields }, Buffer.alloc(10, 1), { 'X-Amz-Signature': '00' })).toBe(204);
  });
});
