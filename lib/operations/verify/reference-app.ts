/**
 * End-to-end rows through the reference application (`app.image: 'reference'`), as a customer
 * reaches it: at the site's name, over TLS 1.3 (pattern 0: in patterns 1–3 the ALB's sign-in step
 * answers before the app, and the rows are a WARN):
 * - the database round trip (`GET /api/db`);
 * - a clean file: signed by the app, POSTed to S3, scanned NO_THREATS_FOUND by GuardDuty
 *   Malware Protection for S3, then readable;
 * - the EICAR test file: signed and POSTed the same way, scanned THREATS_FOUND, and moved by the
 *   received-files function out of the upload bucket into the quarantine bucket.
 * Unlike the other rows these write: two small objects in the upload bucket (the clean one is
 * deleted afterwards where the operator may; both expire with the bucket's lifecycle, the
 * quarantined copy with the quarantine's).
 */
import { DeleteObjectCommand, GetObjectCommand, GetObjectTaggingCommand, ListObjectVersionsCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { QUARANTINE_PREFIX, SCAN_RESULT, SCAN_STATUS_TAG } from '../../../lambda/shared/contracts/received-files';
import { DEFAULT_CONFIG } from '../../config/defaults';
import type { HardenedConfig } from '../../config/types';
import { Check, CheckResult, errorResult, fail, pass, warn } from '../check';
import { ResourceLocator } from '../deployment';
import { AppResponse, SignedUpload, appRequest, parseSignedUpload, postUpload } from './app-client';
import { VerifyContext } from './context';
import type { TlsProbeOptions } from './site-tls';

export const REFERENCE_APP_CHECKS = {
  skipped: 'reference app',
  database: 'reference app database',
  clean: 'reference app clean upload',
  eicar: 'reference app EICAR upload',
} as const;

/** The Files stack's buckets, by construct path (lib/stacks/files-stack.ts: `Uploads/Bucket`, `Quarantine/Bucket`). */
export const FILES_BUCKETS = {
  upload: { stack: 'Files', type: 'AWS::S3::Bucket', logicalIdPrefix: 'UploadsBucket' },
  quarantine: { stack: 'Files', type: 'AWS::S3::Bucket', logicalIdPrefix: 'QuarantineBucket' },
} as const satisfies Record<string, ResourceLocator>;

/** How long and how often verify waits for a scan result. */
export interface ScanPoll {
  readonly intervalMs: number;
  readonly timeoutMs: number;
}

/**
 * GuardDuty scans a small object within seconds to a few minutes of the upload
 * (https://docs.aws.amazon.com/guardduty/latest/ug/monitoring-malware-protection-s3-scans-gdu.html);
 * five minutes leaves room for the quarantine move after it. `-c verify:scanTimeoutSeconds=…`
 * and `-c verify:scanPollSeconds=…` change it.
 */
export const DEFAULT_SCAN_POLL: ScanPoll = { intervalMs: 10_000, timeoutMs: 300_000 };
export const SCAN_POLL_CONTEXT = { timeout: 'verify:scanTimeoutSeconds', interval: 'verify:scanPollSeconds' } as const;

/** The poll bounds from the `-c` context, every problem named with its value and what is allowed. */
export function scanPollFromContext(context: Readonly<Record<string, unknown>>): { poll: ScanPoll; problems: string[] } {
  const problems: string[] = [];
  const seconds = (key: string, min: number, max: number, fallbackMs: number): number => {
    const raw = context[key];
    if (raw === undefined) return fallbackMs;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`-c ${key}: got ${JSON.stringify(raw)}; allowed: a whole number of seconds from ${min} to ${max}`);
      return fallbackMs;
    }
    return value * 1000;
  };
  const poll = {
    timeoutMs: seconds(SCAN_POLL_CONTEXT.timeout, 10, 3600, DEFAULT_SCAN_POLL.timeoutMs),
    intervalMs: seconds(SCAN_POLL_CONTEXT.interval, 1, 60, DEFAULT_SCAN_POLL.intervalMs),
  };
  return { poll, problems };
}

/**
 * The EICAR anti-malware test file (https://www.eicar.org/download-anti-malware-testfile/): every
 * scanner reports it as infected; it is harmless. Joined at run time so that this source file is
 * not itself flagged by a scanner on a developer's machine.
 */
export function eicarTestFile(): Buffer {
  return Buffer.from(['X5O!P%@AP[4\\PZX54(P^)7CC)7}$', 'EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*'].join(''), 'ascii');
}

/** A tiny, well-formed, harmless PDF. */
export function cleanTestFile(now: Date): Buffer {
  return Buffer.from(`%PDF-1.4\n% hardened-stack verify ${now.toISOString()}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`, 'ascii');
}

const SIGN_IN_FIX = 'Run verify against a pattern-0 copy of the deployment (staging) to check the app end to end.';

/**
 * In patterns 1–3 the listener's default action is the ALB's sign-in step
 * (lib/edge/sign-in.ts, `onUnauthenticatedRequest: AUTHENTICATE`): every path answers a redirect
 * to Cognito before any target, and verify cannot sign in (MFA)
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-authenticate-users.html).
 */
function behindSignIn(authPattern: number): CheckResult[] {
  const detail = `not checked: authentication pattern ${authPattern} puts the ALB's sign-in step (MFA) before the app`;
  return [REFERENCE_APP_CHECKS.database, REFERENCE_APP_CHECKS.clean, REFERENCE_APP_CHECKS.eicar].map((check) => warn(check, detail, SIGN_IN_FIX));
}

/** In pattern 0 nothing stands before the app: a redirect is not its answer. */
function redirected(check: string, url: string, r: AppResponse): CheckResult | undefined {
  if (r.status >= 300 && r.status < 400) {
    return fail(check, `${url}: HTTP ${r.status} to ${r.location ?? '?'}, not the app's answer`, 'In pattern 0 the listener forwards to the app: check the listener rules and that the name resolves to this deployment\'s ALB.');
  }
  return undefined;
}

export function evaluateDatabase(r: AppResponse, url: string): CheckResult {
  const check = REFERENCE_APP_CHECKS.database;
  const redirect = redirected(check, url, r);
  if (redirect) return redirect;
  if (r.status === 200) return pass(check, `${url}: HTTP 200, database round trip ${r.body.slice(0, 60)}`);
  return fail(
    check,
    `${url}: HTTP ${r.status} ${r.body.slice(0, 120)}`,
    'The app cannot reach the database: read the app log group (request failed: the error), then the database secret, the DB security group and the RDS CA bundle (app contract).',
  );
}

/** The site probe's options (its name, TLS 1.3, test overrides); pattern 0 has no client certificate to present. */
function appProbe(ctx: VerifyContext, site: string): TlsProbeOptions {
  return { servername: site, ...ctx.siteProbe };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The scan tag's value, or undefined while there is none (or the object is gone). */
async function scanTag(s3: S3Client, bucket: string, key: string): Promise<string | undefined> {
  try {
    const out = await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: key }));
    return out.TagSet?.find((t) => t.Key === SCAN_STATUS_TAG)?.Value;
  } catch (e) {
    if ((e as Error).name === 'NoSuchKey' || (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return undefined;
    throw e;
  }
}

/** Presence by listing: the upload bucket policy denies HeadObject/GetObject before the clean tag, never ListBucket. */
async function listed(s3: S3Client, bucket: string, key: string): Promise<boolean> {
  const out = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: key, MaxKeys: 1 }));
  return (out.Contents ?? []).some((o) => o.Key === key);
}

/**
 * Where the received-files function copies an infected version: `infected/<source bucket>/<version>/<key>`
 * (lambda/received-files/quarantine.ts `quarantineKey`, layout in lambda/shared/contracts/received-files.ts).
 */
export function quarantineKeyOf(bucket: string, versionId: string, key: string): string {
  return `${QUARANTINE_PREFIX}${bucket}/${versionId}/${key}`;
}

interface Uploaded {
  readonly upload: SignedUpload;
  readonly bucket: string;
  readonly versionId?: string;
}

/** Ask the app to sign, then POST the file as a browser would; a row when a step fails. */
async function signAndPost(check: string, probe: TlsProbeOptions, baseUrl: string, content: Buffer, contentType: string, uploadBucket: string): Promise<Uploaded | CheckResult> {
  const url = `${baseUrl}/api/uploads`;
  const signed = await appRequest(probe, 'POST', '/api/uploads', { contentType, sizeBytes: content.length });
  const redirect = redirected(check, url, signed);
  if (redirect) return redirect;
  const upload = signed.status === 201 || signed.status === 200 ? parseSignedUpload(signed.body) : undefined;
  if (!upload) {
    return fail(
      check,
      `POST ${url}: HTTP ${signed.status} ${signed.body.slice(0, 120)}`,
      'The app could not sign an upload: HTTP 503 "uploads unavailable" means the SSM parameter of the upload bucket is missing (deploy the Files stack); a 400 names the limit (files.allowedContentTypes, files.maxUploadBytes).',
    );
  }
  const bucket = upload.fields.bucket ?? uploadBucket;
  if (bucket !== uploadBucket) {
    return fail(check, `the app signs uploads for bucket ${bucket}, not the Files stack's upload bucket ${uploadBucket}`, 'Redeploy the App stack after the Files stack, so the task reads the current SSM parameter.');
  }
  const posted = await postUpload(upload, content, contentType);
  if (posted.error) {
    return fail(check, `POST ${upload.url} (key ${upload.key}): HTTP ${posted.status} ${posted.error}`, 'S3 refused the signed upload: check the upload bucket policy (DenyWriteExceptUploaderAndScanner names the app role) and the app role\'s kms:GenerateDataKey on the upload key.');
  }
  return { upload, bucket, versionId: posted.versionId };
}

const elapsed = (since: number) => `${Math.round((Date.now() - since) / 1000)} s`;
const NO_SCAN_FIX =
  'GuardDuty did not tag the object: check the upload bucket\'s malware protection plan is ACTIVE with tagging ENABLED (aws guardduty list-malware-protection-plans / get-malware-protection-plan) and its role can read the object and decrypt with the upload key; or raise -c verify:scanTimeoutSeconds.';

async function cleanUpload(ctx: VerifyContext, probe: TlsProbeOptions, baseUrl: string, uploadBucket: string, contentType: string, poll: ScanPoll): Promise<CheckResult> {
  const check = REFERENCE_APP_CHECKS.clean;
  const content = cleanTestFile(ctx.now);
  const started = Date.now();
  const up = await signAndPost(check, probe, baseUrl, content, contentType, uploadBucket);
  if ('verdict' in up) return up;
  const s3 = ctx.clients.client('s3', ctx.config.primaryRegion);
  const { bucket, upload } = up;
  let tag: string | undefined;
  // The tag GuardDuty writes after each scan (https://docs.aws.amazon.com/guardduty/latest/ug/monitor-enable-s3-object-tagging-malware-protection.html).
  while ((tag = await scanTag(s3, bucket, upload.key)) === undefined && Date.now() - started < poll.timeoutMs) await sleep(poll.intervalMs);
  if (tag === undefined) return fail(check, `${upload.key}: no ${SCAN_STATUS_TAG} tag after ${elapsed(started)}`, NO_SCAN_FIX);
  if (tag !== SCAN_RESULT.clean) {
    return fail(check, `${upload.key}: a clean file scanned ${tag}`, 'UNSUPPORTED/ACCESS_DENIED/FAILED: the plan\'s role cannot read the object or use the upload key (see the files scan-result alarms and the GuardDuty console).');
  }
  const scannedAfter = elapsed(started);
  let result: CheckResult;
  try {
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: upload.key }));
    const bytes = Buffer.from(await got.Body!.transformToByteArray());
    result = bytes.equals(content)
      ? pass(check, `${upload.key}: ${tag} after ${scannedAfter}, read back ${bytes.length} bytes`)
      : fail(check, `${upload.key}: ${tag}, but read back ${bytes.length} bytes that differ from the ${content.length} uploaded`, 'Something rewrote the object after upload: check the bucket\'s event notifications and who may write (bucket policy).');
  } catch (e) {
    const name = (e as Error).name;
    if (!/AccessDenied/i.test(name)) throw e;
    result = warn(check, `${upload.key}: ${tag} after ${scannedAfter}; GetObject AccessDenied for this operator`, 'The bucket policy admits clean reads: grant the verify role s3:GetObject on incoming/* and kms:Decrypt on the <project>/files-upload key (via S3) to check the read too.');
  }
  // Tidy up where allowed; otherwise the object expires with the bucket's lifecycle (files.uploadRetentionDays).
  try {
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: upload.key, VersionId: up.versionId }));
  } catch {
    return { ...result, detail: `${result.detail} (not deleted: expires in ${ctx.config.files.uploadRetentionDays} days)` };
  }
  return result;
}

interface EicarState {
  readonly inUpload: boolean;
  readonly tag?: string;
  readonly quarantinedAs?: string;
}

export function evaluateEicar(key: string, state: EicarState, waited: string, quarantineBucket: string): CheckResult {
  const check = REFERENCE_APP_CHECKS.eicar;
  if (!state.inUpload && state.quarantinedAs) return pass(check, `${key}: ${SCAN_RESULT.infected}, moved to s3://${quarantineBucket}/${state.quarantinedAs} within ${waited}`);
  const moverFix = 'The received-files function did not move it: read its log (the line names the key), its dead-letter queue and alarm, and the EventBridge rule for "GuardDuty Malware Protection Object Scan Result".';
  if (state.inUpload && state.quarantinedAs) return fail(check, `${key}: copied to quarantine but still in the upload bucket after ${waited}`, moverFix);
  if (!state.inUpload) return fail(check, `${key}: gone from the upload bucket but not in the quarantine bucket ${quarantineBucket} after ${waited}`, moverFix);
  if (state.tag === undefined) return fail(check, `${key}: no ${SCAN_STATUS_TAG} tag after ${waited}`, NO_SCAN_FIX);
  if (state.tag !== SCAN_RESULT.infected) {
    return fail(check, `${key}: the EICAR test file scanned ${state.tag}, still in the upload bucket`, 'GuardDuty did not report the test file as a threat: check the plan scans the incoming/ prefix and its role can read the object (ACCESS_DENIED/FAILED).');
  }
  return fail(check, `${key}: ${SCAN_RESULT.infected} but still in the upload bucket, not in quarantine, after ${waited}`, moverFix);
}

async function eicarUpload(ctx: VerifyContext, probe: TlsProbeOptions, baseUrl: string, uploadBucket: string, contentType: string, poll: ScanPoll): Promise<CheckResult> {
  const check = REFERENCE_APP_CHECKS.eicar;
  const quarantineBucket = await ctx.deployment.physicalId(FILES_BUCKETS.quarantine);
  if (!quarantineBucket) return fail(check, 'no quarantine bucket: the Files stack is not deployed', 'Deploy the Files stack, then rerun verify.');
  const started = Date.now();
  const up = await signAndPost(check, probe, baseUrl, eicarTestFile(), contentType, uploadBucket);
  if ('verdict' in up) return up;
  const s3 = ctx.clients.client('s3', ctx.config.primaryRegion);
  const { bucket, upload } = up;
  let versionId = up.versionId;
  if (!versionId) {
    const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: upload.key }));
    versionId = versions.Versions?.find((v) => v.Key === upload.key)?.VersionId;
  }
  const quarantined = async (): Promise<string | undefined> => {
    if (versionId) {
      const key = quarantineKeyOf(bucket, versionId, upload.key);
      return (await listed(s3, quarantineBucket, key)) ? key : undefined;
    }
    // The version was gone before it could be read: look for any copy of this key.
    const out = await s3.send(new ListObjectsV2Command({ Bucket: quarantineBucket, Prefix: `${QUARANTINE_PREFIX}${bucket}/` }));
    return out.Contents?.find((o) => o.Key?.endsWith(`/${upload.key}`))?.Key;
  };
  let state: EicarState;
  for (;;) {
    const inUpload = await listed(s3, bucket, upload.key);
    state = { inUpload, tag: inUpload ? await scanTag(s3, bucket, upload.key) : undefined, quarantinedAs: await quarantined() };
    if ((!state.inUpload && state.quarantinedAs) || Date.now() - started >= poll.timeoutMs) break;
    await sleep(poll.intervalMs);
  }
  return evaluateEicar(upload.key, state, elapsed(started), quarantineBucket);
}

/** The site's base URL, or a FAIL when the name is the placeholder (the site row says the same). */
function siteName(config: HardenedConfig): string | undefined {
  const site = config.edge.certificate.domainName;
  return site && site !== DEFAULT_CONFIG.edge.certificate.domainName ? site : undefined;
}

export const referenceAppCheck: Check<VerifyContext> = {
  name: REFERENCE_APP_CHECKS.skipped,
  async run(ctx) {
    const { config } = ctx;
    if (config.app.image !== 'reference') {
      return [pass(REFERENCE_APP_CHECKS.skipped, `not deployed: app.image is not 'reference' (${config.app.image}); nothing to check`)];
    }
    const site = siteName(config);
    if (!site) return [fail(REFERENCE_APP_CHECKS.skipped, `no site name (edge.certificate.domainName is ${config.edge.certificate.domainName ?? 'unset'})`, 'Set edge.certificate.domainName to the site\'s name.')];
    if (config.edge.authPattern >= 1) return behindSignIn(config.edge.authPattern);
    const probe = appProbe(ctx, site);
    const baseUrl = `https://${site}`;
    const results: CheckResult[] = [];
    try {
      results.push(evaluateDatabase(await appRequest(probe, 'GET', '/api/db'), `${baseUrl}/api/db`));
    } catch (e) {
      results.push(errorResult(REFERENCE_APP_CHECKS.database, e));
    }

    const { poll: fromContext, problems } = scanPollFromContext(ctx.context);
    if (problems.length > 0) {
      const fix = `Give ${SCAN_POLL_CONTEXT.timeout} and ${SCAN_POLL_CONTEXT.interval} in range, or leave them out (${DEFAULT_SCAN_POLL.timeoutMs / 1000} s, every ${DEFAULT_SCAN_POLL.intervalMs / 1000} s).`;
      return [...results, fail(REFERENCE_APP_CHECKS.clean, problems.join('; '), fix), fail(REFERENCE_APP_CHECKS.eicar, problems.join('; '), fix)];
    }
    const poll = { ...fromContext, ...ctx.scanPoll };
    const uploadBucket = await ctx.deployment.physicalId(FILES_BUCKETS.upload);
    if (!uploadBucket) {
      const missing = (check: string) => fail(check, 'no upload bucket: the Files stack is not deployed', 'Deploy the Files stack, then rerun verify.');
      return [...results, missing(REFERENCE_APP_CHECKS.clean), missing(REFERENCE_APP_CHECKS.eicar)];
    }
    // The type the app is allowed to sign; the body is a PDF either way (GuardDuty scans the bytes).
    const contentType = config.files.allowedContentTypes.includes('application/pdf') ? 'application/pdf' : config.files.allowedContentTypes[0];
    // Both scans run at once: the wait is one scan's, not two.
    const rows = await Promise.all([
      cleanUpload(ctx, probe, baseUrl, uploadBucket, contentType, poll).catch((e: unknown) => errorResult(REFERENCE_APP_CHECKS.clean, e)),
      eicarUpload(ctx, probe, baseUrl, uploadBucket, contentType, poll).catch((e: unknown) => errorResult(REFERENCE_APP_CHECKS.eicar, e)),
    ]);
    return [...results, ...rows];
  },
};
