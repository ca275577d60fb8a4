/**
 * verify's end-to-end rows through the reference application, against moto_server S3 and a local
 * HTTPS stand-in for the site (TLS 1.3, the site's certificate) that answers the app's two routes:
 * `GET /api/db` and `POST /api/uploads`, the latter signed by the app's own signing code
 * (`createUploadPost`) against moto. The browser POST goes to moto for real.
 *
 * moto has no GuardDuty Malware Protection for S3: a fake scanner in this file does what the
 * service documents — after an upload it writes the `GuardDutyMalwareScanStatus` tag
 * (https://docs.aws.amazon.com/guardduty/latest/ug/monitor-enable-s3-object-tagging-malware-protection.html),
 * THREATS_FOUND for the EICAR test file — and then runs the received-files function's own move
 * (`moveToQuarantine` with its S3 adapter) as the scan-result event would trigger it.
 */
import { createServer as createHttpsServer, Server } from 'node:https';
import { AddressInfo } from 'node:net';
import { CreateStackCommand } from '@aws-sdk/client-cloudformation';
import { GetObjectCommand, ListObjectVersionsCommand, ListObjectsV2Command, PutBucketVersioningCommand, PutObjectTaggingCommand, S3Client, GetObjectTaggingCommand } from '@aws-sdk/client-s3';
import { SCAN_RESULT, SCAN_STATUS_TAG, UPLOAD_PREFIX } from '../../lambda/shared/contracts/received-files';
import { moveToQuarantine } from '../../lambda/received-files/quarantine';
import { S3ObjectStore } from '../../lambda/received-files/s3-store';
import { createUploadPost } from '../../lib/app-tier/reference-app/src/upload-post';
import type { HardenedConfig } from '../../lib/config/types';
import { AwsClients } from '../../lib/operations/clients';
import { CheckResult } from '../../lib/operations/check';
import { Deployment, stackName } from '../../lib/operations/deployment';
import { VerifyContext } from '../../lib/operations/verify';
import { FILES_BUCKETS, REFERENCE_APP_CHECKS, referenceAppCheck } from '../../lib/operations/verify/reference-app';
import { resourcesOfType, templateJson } from '../support/assembly';
import { useMotoServer } from '../support/aws-fixture';
import { PRIMARY, Pem, TestCa, configWith } from './fixture';

jest.setTimeout(120_000);
const moto = useMotoServer();

const SITE = 'www.shop.example.org';
// moto keys a browser POST to its default account (the form's credential is not an access key it
// has issued), so this file's deployment lives in that account.
const ACCOUNT = '123456789012';
const CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };

let ca: TestCa;
let siteCert: Pem;
let clients: AwsClients;
let s3: S3Client;
let uploadBucket: string;
let quarantineBucket: string;
const servers: Server[] = [];

const config = (overrides: Record<string, unknown> = {}): HardenedConfig =>
  configWith({ account: ACCOUNT, app: { image: 'reference' }, edge: { certificate: { domainName: SITE } }, ...overrides });

interface AppBehaviour {
  /** Status of `GET /api/db` (the app's round trip). */
  readonly db?: number;
  /** Status of `POST /api/uploads` when not 201 (503: the app cannot sign). */
  readonly uploads?: number;
  /** Every route answers the ALB's sign-in redirect (patterns 1–3). */
  readonly signIn?: boolean;
  /** Records `METHOD path` of each request. */
  readonly seen?: string[];
}

/** The site: the app's two routes behind TLS 1.3 with the site's certificate. */
async function site(behaviour: AppBehaviour = {}): Promise<number> {
  const limits = { bucket: uploadBucket, maxUploadBytes: 1024 * 1024, allowedContentTypes: ['application/pdf'], expirySeconds: 300 };
  const server = createHttpsServer({ cert: siteCert.cert, key: siteCert.key, minVersion: 'TLSv1.3' }, (req, res) => {
    behaviour.seen?.push(`${req.method} ${req.url}`);
    const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (behaviour.signIn) return answer(302, {}, { Location: 'https://shop.auth.ap-northeast-1.amazoncognito.com/oauth2/authorize?client_id=x' });
    if (req.method === 'GET' && req.url === '/api/db') {
      return behaviour.db && behaviour.db !== 200 ? answer(behaviour.db, { error: 'temporarily unavailable' }) : answer(200, { database: 'ok' });
    }
    if (req.method === 'POST' && req.url === '/api/uploads') {
      let text = '';
      req.on('data', (c: Buffer) => (text += c.toString()));
      req.on('end', () => {
        if (behaviour.uploads) return answer(behaviour.uploads, { error: 'uploads unavailable' });
        const { contentType, sizeBytes } = JSON.parse(text) as { contentType: string; sizeBytes: number };
        createUploadPost(s3, limits, { contentType, sizeBytes }).then(
          (post) => answer(201, { url: post.url, fields: post.fields, key: post.key }),
          (e: Error) => answer(400, { error: e.message }),
        );
      });
      return undefined;
    }
    return answer(404, { error: 'not found' });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

type ScannerMode = 'scan-and-move' | 'scan-only' | 'off';
let scannerMode: ScannerMode = 'scan-and-move';
let scanner: NodeJS.Timeout | undefined;

/** GuardDuty + the received-files function, as far as verify can see them: tag each new upload, move infected versions. */
async function scanNewUploads(): Promise<void> {
  if (scannerMode === 'off') return;
  const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: uploadBucket, Prefix: UPLOAD_PREFIX }));
  for (const v of versions.Versions ?? []) {
    const tags = await s3.send(new GetObjectTaggingCommand({ Bucket: uploadBucket, Key: v.Key, VersionId: v.VersionId }));
    if (tags.TagSet?.some((t) => t.Key === SCAN_STATUS_TAG)) continue;
    const body = await (await s3.send(new GetObjectCommand({ Bucket: uploadBucket, Key: v.Key, VersionId: v.VersionId }))).Body!.transformToString();
    const infected = body.includes('EICAR-STANDARD-ANTIVIRUS-TEST-FILE');
    const status = infected ? SCAN_RESULT.infected : SCAN_RESULT.clean;
    await s3.send(new PutObjectTaggingCommand({ Bucket: uploadBucket, Key: v.Key, VersionId: v.VersionId, Tagging: { TagSet: [{ Key: SCAN_STATUS_TAG, Value: status }] } }));
    if (infected && scannerMode === 'scan-and-move') {
      await moveToQuarantine({ eventId: `scan-${v.VersionId}`, bucket: uploadBucket, key: v.Key!, versionId: v.VersionId, status, threats: ['EICAR-Test-File'] }, new S3ObjectStore(s3), quarantineBucket);
    }
  }
}

let scanning: Promise<void> | undefined;

function startScanner(mode: ScannerMode): void {
  scannerMode = mode;
  let busy = false;
  scanner = setInterval(() => {
    if (busy) return;
    busy = true;
    scanning = scanNewUploads().finally(() => (busy = false));
  }, 150);
}

// The scan under way finishes within its test: one left running would call moto after the file
// ended, when the worker's moto_server already serves the next file (aws-fixture.ts).
afterEach(async () => {
  if (scanner) clearInterval(scanner);
  scanner = undefined;
  await scanning?.catch(() => undefined);
  scanning = undefined;
});

beforeAll(async () => {
  ca = new TestCa();
  siteCert = ca.issue('site', [SITE]);
  clients = new AwsClients({ endpoint: moto().endpoint, credentials: CREDENTIALS });
  s3 = clients.client('s3', PRIMARY);
  // The Files stack's two buckets, under the construct paths verify looks for (generated names, as in AWS).
  await clients.client('cloudformation', PRIMARY).send(
    new CreateStackCommand({
      StackName: stackName(config(), 'Files'),
      TemplateBody: JSON.stringify({ Resources: { UploadsBucketB3A6A5A1: { Type: 'AWS::S3::Bucket' }, QuarantineBucket9F0E4E2C: { Type: 'AWS::S3::Bucket' }, UploadsBucketPolicy1C1C1C1C: { Type: 'AWS::SNS::Topic' } } }),
    }),
  );
  const deployment = new Deployment(config(), clients);
  uploadBucket = (await deployment.physicalId(FILES_BUCKETS.upload))!;
  quarantineBucket = (await deployment.physicalId(FILES_BUCKETS.quarantine))!;
  // Both buckets are versioned in the stack (the mover copies the scanned version); moto's CloudFormation leaves them unversioned.
  for (const Bucket of [uploadBucket, quarantineBucket]) await s3.send(new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: 'Enabled' } }));
});

afterAll(async () => {
  for (const s of servers) await new Promise((resolve) => s.close(resolve));
  clients?.destroy();
  ca?.dispose();
});

const FAST = { intervalMs: 100, timeoutMs: 20_000 };
const SHORT = { intervalMs: 100, timeoutMs: 2_000 };

async function run(port: number, overrides: { config?: HardenedConfig; context?: Record<string, unknown>; scanPoll?: typeof FAST } = {}): Promise<CheckResult[]> {
  const cfg = overrides.config ?? config();
  const ctx: VerifyContext = {
    config: cfg,
    context: overrides.context ?? {},
    args: { context: {} },
    clients,
    deployment: new Deployment(cfg, clients),
    now: new Date(),
    siteProbe: { host: '127.0.0.1', port, ca: ca.ca.cert, timeoutMs: 5000 },
    scanPoll: overrides.scanPoll ?? FAST,
  };
  return referenceAppCheck.run(ctx);
}

const row = (results: CheckResult[], check: string) => results.find((r) => r.check === check);
const keysIn = async (Bucket: string, Prefix: string) => ((await s3.send(new ListObjectsV2Command({ Bucket, Prefix }))).Contents ?? []).map((o) => o.Key!);

test('a working app and scan path: database round trip, clean file readable, EICAR quarantined', async () => {
  startScanner('scan-and-move');
  const results = await run(await site());
  expect(results.map((r) => [r.check, r.verdict])).toEqual([
    [REFERENCE_APP_CHECKS.database, 'PASS'],
    [REFERENCE_APP_CHECKS.clean, 'PASS'],
    [REFERENCE_APP_CHECKS.eicar, 'PASS'],
  ]);
  expect(row(results, REFERENCE_APP_CHECKS.database)!.detail).toMatch(/^https:\/\/www\.shop\.example\.org\/api\/db: HTTP 200/);
  expect(row(results, REFERENCE_APP_CHECKS.clean)!.detail).toMatch(/^incoming\/[\w-]+: NO_THREATS_FOUND after \d+ s, read back \d+ bytes$/);
  const eicar = row(results, REFERENCE_APP_CHECKS.eicar)!.detail;
  const quarantined = new RegExp(`^(incoming/[\\w-]+): THREATS_FOUND, moved to s3://${quarantineBucket}/(infected/${uploadBucket}/[^/]+/incoming/[\\w-]+) within`).exec(eicar);
  expect(quarantined).not.toBeNull();
  // What the rows claim is so: the copy is in quarantine, and neither test object is left in the upload bucket.
  expect(await keysIn(quarantineBucket, quarantined![2])).toEqual([quarantined![2]]);
  expect(await keysIn(uploadBucket, UPLOAD_PREFIX)).toEqual([]);
});

test('an app that answers 503: every row fails with its fix', async () => {
  startScanner('scan-and-move');
  const results = await run(await site({ db: 503, uploads: 503 }));
  expect(row(results, REFERENCE_APP_CHECKS.database)).toMatchObject({ verdict: 'FAIL', detail: expect.stringMatching(/api\/db: HTTP 503/), fix: expect.stringMatching(/database secret/) });
  for (const check of [REFERENCE_APP_CHECKS.clean, REFERENCE_APP_CHECKS.eicar]) {
    expect(row(results, check)).toMatchObject({ verdict: 'FAIL', detail: expect.stringMatching(/^POST https:\/\/www\.shop\.example\.org\/api\/uploads: HTTP 503/), fix: expect.stringMatching(/SSM parameter/) });
  }
});

test('no scan result within the poll bound: the upload rows fail and say what to check', async () => {
  startScanner('off');
  const results = await run(await site(), { scanPoll: SHORT });
  expect(row(results, REFERENCE_APP_CHECKS.database)!.verdict).toBe('PASS');
  for (const check of [REFERENCE_APP_CHECKS.clean, REFERENCE_APP_CHECKS.eicar]) {
    expect(row(results, check)).toMatchObject({ verdict: 'FAIL', detail: expect.stringMatching(/^incoming\/[\w-]+: no GuardDutyMalwareScanStatus tag after \d+ s$/), fix: expect.stringMatching(/malware protection plan/) });
  }
});

test('scanned but never moved: the EICAR row fails (the clean file still passes)', async () => {
  startScanner('scan-only');
  const results = await run(await site(), { scanPoll: { intervalMs: 100, timeoutMs: 4_000 } });
  expect(row(results, REFERENCE_APP_CHECKS.clean)!.verdict).toBe('PASS');
  expect(row(results, REFERENCE_APP_CHECKS.eicar)).toMatchObject({
    verdict: 'FAIL',
    detail: expect.stringMatching(/^incoming\/[\w-]+: THREATS_FOUND but still in the upload bucket, not in quarantine, after \d+ s$/),
    fix: expect.stringMatching(/received-files function/),
  });
});

test('patterns 1–3: WARN without a request (the sign-in step answers before the app); a redirect in pattern 0 fails', async () => {
  const requests: string[] = [];
  const port = await site({ signIn: true, seen: requests });
  const behind = await run(port, { config: config({ edge: { certificate: { domainName: SITE }, authPattern: 1 } }) });
  expect(behind.map((r) => [r.check, r.verdict])).toEqual([
    [REFERENCE_APP_CHECKS.database, 'WARN'],
    [REFERENCE_APP_CHECKS.clean, 'WARN'],
    [REFERENCE_APP_CHECKS.eicar, 'WARN'],
  ]);
  expect(behind[0].detail).toBe("not checked: authentication pattern 1 puts the ALB's sign-in step (MFA) before the app");
  expect(requests).toEqual([]);
  const open = await run(port, { scanPoll: SHORT });
  expect(open.map((r) => r.verdict)).toEqual(['FAIL', 'FAIL', 'FAIL']);
  expect(row(open, REFERENCE_APP_CHECKS.database)!.detail).toMatch(/api\/db: HTTP 302 to https:\/\/shop\.auth\..*amazoncognito\.com.*, not the app's answer$/);
  expect(requests).toEqual(['GET /api/db', 'POST /api/uploads', 'POST /api/uploads']);
});

test('another image: one line, not deployed, not a FAIL', async () => {
  const results = await run(0, { config: configWith({ account: ACCOUNT, edge: { certificate: { domainName: SITE } } }) });
  expect(results).toEqual([expect.objectContaining({ check: REFERENCE_APP_CHECKS.skipped, verdict: 'PASS', detail: expect.stringMatching(/^not deployed: app\.image is not 'reference' \(public\.ecr\.aws\//) })]);
});

test('a bad poll bound on the command line is named with its value and what is allowed', async () => {
  const results = await run(await site(), { context: { 'verify:scanTimeoutSeconds': 'soon' } });
  expect(row(results, REFERENCE_APP_CHECKS.clean)).toMatchObject({ verdict: 'FAIL', detail: '-c verify:scanTimeoutSeconds: got "soon"; allowed: a whole number of seconds from 10 to 3600' });
});

test.each(Object.entries(FILES_BUCKETS))('the synthesized Files stack has exactly one %s bucket under the locator verify uses', (_name, locator) => {
  const matches = resourcesOfType(templateJson(locator.stack), locator.type).filter(([id]) => id.startsWith(locator.logicalIdPrefix));
  expect(matches).toHaveLength(1);
});
