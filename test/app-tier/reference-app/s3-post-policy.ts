/**
 * What S3 checks on a browser POST upload, which moto does not (see uploads.test.ts): a proxy in
 * front of moto that evaluates the form against its signed policy the way the S3 documentation
 * describes, answers as S3 does when a check fails, and forwards the upload to moto otherwise.
 *
 * Semantics modelled (https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-HTTPPOSTConstructPolicy.html,
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-post-example.html):
 * - the signature is HMAC-SHA256 of the base64 policy with the SigV4 signing key of the
 *   credential's date, region and `s3`;
 * - the policy has not expired;
 * - every condition holds: `{ field: value }` and `["eq", "$field", value]` exact matches,
 *   `["starts-with", "$field", prefix]`, and `["content-length-range", min, max]` on the file's
 *   size (S3 answers EntityTooSmall / EntityTooLarge);
 * - every form field but `x-amz-signature`, `file`, `policy` and `x-ignore-*` appears in a condition.
 * Field names compare case-insensitively; `bucket` is the bucket of the URL.
 */
import { createHmac } from 'node:crypto';
import { IncomingMessage, Server, ServerResponse, createServer, request } from 'node:http';
import { AddressInfo } from 'node:net';

export interface PolicyProxy {
  readonly endpoint: string;
  /** The last refusal, for messages. */
  lastRefusal(): string | undefined;
  stop(): Promise<void>;
}

const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();

function refuse(res: ServerResponse, status: number, code: string, message: string): string {
  res.writeHead(status, { 'Content-Type': 'application/xml' });
  res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`);
  return `${status} ${code}: ${message}`;
}

/** The refusal S3 would answer for this form, or undefined when S3 would accept it. */
export function evaluatePost(bucket: string, fields: Map<string, string>, fileSize: number, secretAccessKey: string, now = new Date()): [number, string, string] | undefined {
  const policyText = fields.get('policy');
  if (!policyText) return [400, 'InvalidArgument', 'Bucket POST must contain a field named policy'];
  const credential = fields.get('x-amz-credential') ?? '';
  const [, date, region, service] = credential.split('/');
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, date ?? ''), region ?? ''), service ?? ''), 'aws4_request');
  if (hmac(signingKey, policyText).toString('hex') !== fields.get('x-amz-signature')) {
    return [403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.'];
  }
  const policy = JSON.parse(Buffer.from(policyText, 'base64').toString('utf8')) as { expiration: string; conditions: unknown[] };
  if (Date.parse(policy.expiration) <= now.getTime()) return [403, 'AccessDenied', 'Invalid according to Policy: Policy expired.'];
  const values = new Map(fields);
  values.set('bucket', bucket);
  const named = new Set<string>(['bucket']);
  for (const condition of policy.conditions) {
    if (Array.isArray(condition)) {
      const [op, a, b] = condition as [string, unknown, unknown];
      if (op === 'content-length-range') {
        if (fileSize < Number(a)) return [400, 'EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed size'];
        if (fileSize > Number(b)) return [400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size'];
        continue;
      }
      const field = String(a).replace(/^\$/, '').toLowerCase();
      named.add(field);
      const value = values.get(field);
      const ok = op === 'eq' ? value === b : op === 'starts-with' ? value !== undefined && value.startsWith(String(b)) : false;
      if (!ok) return [403, 'AccessDenied', `Invalid according to Policy: Policy Condition failed: ${JSON.stringify(condition)}`];
    } else if (condition && typeof condition === 'object') {
      for (const [k, v] of Object.entries(condition)) {
        const field = k.toLowerCase();
        named.add(field);
        if (values.get(field) !== v) return [403, 'AccessDenied', `Invalid according to Policy: Policy Condition failed: ${JSON.stringify(condition)}`];
      }
    }
  }
  for (const field of fields.keys()) {
    if (['x-amz-signature', 'file', 'policy'].includes(field) || field.startsWith('x-ignore-')) continue;
    if (!named.has(field)) return [403, 'AccessDenied', `Invalid according to Policy: Extra input fields: ${field}`];
  }
  return undefined;
}

export async function startPolicyProxy(target: string, secretAccessKey: string): Promise<PolicyProxy> {
  const { hostname, port } = new URL(target);
  let last: string | undefined;
  const forward = (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const upstream = request({ hostname, port, method: req.method, path: req.url, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', (e) => refuse(res, 502, 'BadGateway', String(e)));
    upstream.end(body);
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      const type = String(req.headers['content-type'] ?? '');
      const bucket = (req.url ?? '/').split('?')[0].split('/')[1] ?? '';
      if (req.method !== 'POST' || !type.startsWith('multipart/form-data') || (req.url ?? '/').split('/').length > 2) return forward(req, res, body);
      const form = await new Response(body, { headers: { 'content-type': type } }).formData();
      const fields = new Map<string, string>();
      let fileSize = 0;
      for (const [name, value] of form.entries()) {
        if (typeof value === 'string') fields.set(name.toLowerCase(), value);
        else fileSize = (value as Blob).size;
      }
      const refusal = evaluatePost(bucket, fields, fileSize, secretAccessKey);
      if (refusal) {
        last = refuse(res, ...refusal);
        return;
      }
      forward(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    lastRefusal: () => last,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
