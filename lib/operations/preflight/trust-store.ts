import { GetObjectCommand } from '@aws-sdk/client-s3';
import { Check, CheckResult, errorResult, fail, pass, warn } from '../check';
import { PreflightContext } from './context';

const CHECK = 'client CA bundle';

export interface TrustObjectFacts {
  readonly bucket: string;
  readonly key: string;
  /** The object's first bytes, undefined when it cannot be read (missing). */
  readonly head?: string;
}

/**
 * The ALB trust store reads the CA bundle (and the revocation list) from S3 when it is created
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/mutual-authentication.html):
 * a missing object fails the deploy of the Edge stack.
 */
export function evaluateTrustObject(kind: 'ca-bundle' | 'crl', facts: TrustObjectFacts, region: string): CheckResult {
  const check = kind === 'ca-bundle' ? CHECK : 'client CRL';
  const where = `s3://${facts.bucket}/${facts.key}`;
  if (facts.head === undefined) {
    return fail(check, `${where} not readable`, `Upload the ${kind === 'ca-bundle' ? 'CA bundle (PEM)' : 'revocation list'} to ${where} before deploying, or correct edge.clientCertificates.`, region);
  }
  const marker = kind === 'ca-bundle' ? '-----BEGIN CERTIFICATE-----' : '-----BEGIN X509 CRL-----';
  if (!facts.head.includes(marker)) {
    const text = `${where} does not start with a PEM ${kind === 'ca-bundle' ? 'certificate' : 'CRL'}`;
    return kind === 'ca-bundle' ? fail(check, text, 'The trust store needs the CA certificates in PEM.', region) : warn(check, text, 'Check the revocation list format the load balancer accepts.', region);
  }
  return pass(check, `${where} readable`, region);
}

export const trustStoreCheck: Check<PreflightContext> = {
  name: CHECK,
  async run({ config, clients }) {
    const pattern = config.edge.authPattern;
    const cc = config.edge.clientCertificates;
    if (pattern < 2) return [pass(CHECK, `not used by authentication pattern ${pattern}`)];
    const region = config.primaryRegion;
    if (!cc.caBundleBucket) return [fail(CHECK, 'edge.clientCertificates.caBundleBucket is not set', 'Name the bucket holding the CA bundle (patterns 2 and 3 verify client certificates).', region)];
    const read = async (key: string): Promise<TrustObjectFacts> => {
      try {
        const out = await clients.client('s3', region).send(new GetObjectCommand({ Bucket: cc.caBundleBucket, Key: key, Range: 'bytes=0-4095' }));
        return { bucket: cc.caBundleBucket!, key, head: await out.Body!.transformToString() };
      } catch (e) {
        if (/NoSuchKey|NoSuchBucket|NotFound/.test((e as Error).name)) return { bucket: cc.caBundleBucket!, key };
        throw e;
      }
    };
    const results: CheckResult[] = [];
    for (const [kind, key] of [['ca-bundle', cc.caBundleKey], ['crl', cc.revocationListKey]] as const) {
      if (!key) continue;
      try {
        results.push(evaluateTrustObject(kind, await read(key), region));
      } catch (e) {
        results.push(errorResult(kind === 'ca-bundle' ? CHECK : 'client CRL', e, region));
      }
    }
    return results;
  },
};
