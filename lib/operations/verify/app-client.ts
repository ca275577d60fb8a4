/**
 * How verify talks to the reference application: HTTPS requests to the site's name with the same
 * TLS options as the site probe (TLS 1.3 only, certificate checked against the name, the client
 * certificate in patterns 2–3), and a browser-style POST upload to the presigned URL it signs.
 */
import { request } from 'node:https';
import type { TlsProbeOptions } from './site-tls';

export interface AppResponse {
  readonly status: number;
  /** `Location` of a redirect (the ALB's sign-in step in patterns 1–3). */
  readonly location?: string;
  readonly body: string;
}

/** One HTTP/1.1 request over TLS 1.3 to `probe.servername` (or `probe.host`); a JSON body when given. */
export function appRequest(probe: TlsProbeOptions, method: 'GET' | 'POST', path: string, json?: unknown): Promise<AppResponse> {
  const body = json === undefined ? undefined : JSON.stringify(json);
  const timeoutMs = probe.timeoutMs ?? 10_000;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: probe.host ?? probe.servername,
        port: probe.port ?? 443,
        servername: probe.servername,
        method,
        path,
        minVersion: 'TLSv1.3',
        ca: probe.ca,
        cert: probe.cert,
        key: probe.key,
        agent: false,
        headers: {
          Host: probe.servername,
          'User-Agent': 'hardened-stack-verify',
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** What the reference application's `POST /api/uploads` answers (lib/app-tier/reference-app/src/server.ts). */
export interface SignedUpload {
  readonly url: string;
  readonly fields: Record<string, string>;
  readonly key: string;
}

export function parseSignedUpload(body: string): SignedUpload | undefined {
  try {
    const parsed = JSON.parse(body) as Partial<SignedUpload>;
    if (typeof parsed.url !== 'string' || typeof parsed.key !== 'string' || typeof parsed.fields !== 'object' || parsed.fields === null) return undefined;
    return parsed as SignedUpload;
  } catch {
    return undefined;
  }
}

export interface PostUploadResult {
  readonly status: number;
  /** `x-amz-version-id` of the stored object (versioned bucket). */
  readonly versionId?: string;
  /** S3's error code and message when refused. */
  readonly error?: string;
}

/**
 * A browser's upload: multipart/form-data with the signed fields first and the file last (S3
 * ignores fields after `file`), answered 204 by default, with `x-amz-version-id` when the bucket
 * is versioned (https://docs.aws.amazon.com/AmazonS3/latest/API/RESTObjectPOST.html).
 */
export async function postUpload(upload: SignedUpload, content: Buffer, contentType: string, timeoutMs = 30_000): Promise<PostUploadResult> {
  const form = new FormData();
  for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
  form.append('file', new Blob([content], { type: contentType }), 'verify-upload');
  const response = await fetch(upload.url, { method: 'POST', body: form, signal: AbortSignal.timeout(timeoutMs) });
  const text = await response.text();
  if (response.status >= 300) {
    const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1];
    const message = /<Message>([^<]*)<\/Message>/.exec(text)?.[1];
    return { status: response.status, error: code ? `${code}: ${message ?? ''}`.trim() : text.slice(0, 200) };
  }
  return { status: response.status, versionId: response.headers.get('x-amz-version-id') ?? undefined };
}
