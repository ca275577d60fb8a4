import { AuthPattern, EdgeConfig } from '../config/types';

/**
 * The authentication patterns of seed S3 (LINE payment platform, "認証パターン"). Each pattern
 * includes every one below it:
 *
 * | # | Seed S3                        | A user must present                                  | The stack deploys                                              |
 * |---|--------------------------------|------------------------------------------------------|----------------------------------------------------------------|
 * | 0 | server authentication (TLS)    | nothing; the server proves itself with its certificate | HTTPS listener, TLS 1.3 policy, HSTS, WAF                     |
 * | 1 | + ID/password                  | + e-mail, password and a TOTP code                   | + Cognito user pool, ALB authenticate action (auto-logout)     |
 * | 2 | + client certificate           | + a client certificate from the registered CAs      | + trust store, listener mutual TLS in verify mode              |
 * | 3 | + IP restriction               | + a connection from a registered address             | + WAF default Block with a site-allowlist Allow rule           |
 */
export interface AuthPatternFeatures {
  /** Sign-in at the ALB with a Cognito user pool (WEB-5). */
  readonly signIn: boolean;
  /** Mutual TLS: a client certificate verified against the trust store (WEB-4). */
  readonly clientCertificate: boolean;
  /** Whole-site source-IP restriction in WAF (WEB-6). */
  readonly siteAllowlist: boolean;
}

export function authPatternFeatures(pattern: AuthPattern): AuthPatternFeatures {
  return { signIn: pattern >= 1, clientCertificate: pattern >= 2, siteAllowlist: pattern >= 3 };
}

/**
 * What a pattern needs from the edge configuration that is missing, one message per field.
 * The configuration loader checks the same things; the stack checks again so that a hand-built
 * config cannot deploy a pattern that silently lacks a part.
 */
export function authPatternProblems(edge: EdgeConfig): string[] {
  const pattern = edge.authPattern as number;
  if (![0, 1, 2, 3].includes(pattern)) return [`edge.authPattern: got ${JSON.stringify(pattern)}; allowed: 0, 1, 2 or 3`];
  const features = authPatternFeatures(edge.authPattern);
  const problems: string[] = [];
  if (features.signIn && !edge.certificate.domainName) {
    problems.push(
      `edge.certificate.domainName: required by authentication pattern ${pattern} (sign-in): the sign-in callback is https://<domainName>/oauth2/idpresponse`,
    );
  }
  if (features.clientCertificate && !edge.clientCertificates.caBundleBucket) {
    problems.push(`edge.clientCertificates.caBundleBucket: required by authentication pattern ${pattern} (client certificates): the S3 bucket holding the CA bundle`);
  }
  if (features.clientCertificate && !edge.clientCertificates.caBundleKey) {
    problems.push(`edge.clientCertificates.caBundleKey: required by authentication pattern ${pattern} (client certificates): the CA bundle's object key`);
  }
  if (features.siteAllowlist && edge.siteAllowlist.length === 0) {
    problems.push(`edge.siteAllowlist: required by authentication pattern ${pattern} (IP restriction): at least one CIDR, or every request is blocked`);
  }
  return problems;
}
