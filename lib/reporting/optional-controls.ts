import { deepMerge } from '../config/load';
import { HardenedConfig } from '../config/types';
import { formatProblem, validateConfig } from '../config/validate';
import { buildHardenedStacks } from '../hardened-app';
import { treeOnlyApp } from '../synthesize';
import { OptionalControlsBuild } from './compliance';

/**
 * The build the report judges optional controls on (WEB-4/5/6: client certificates, sign-in, a
 * site allowlist) when the configuration leaves them off: the same configuration at
 * authentication pattern 3, which includes every lower pattern. What a real pattern-3 deployment
 * must supply and this one lacks gets documentation placeholders (example.com, RFC 5737/3849
 * addresses); the report says so next to each control judged this way.
 */
export const OPTIONAL_CONTROLS_BUILD = 'edge.authPattern = 3 with placeholder domain, CA bucket and allowlists';

export function optionalControlsConfig(config: HardenedConfig): HardenedConfig {
  const edge = config.edge;
  const placeholders = {
    edge: {
      authPattern: 3,
      certificate: edge.certificate.domainName
        ? edge.certificate
        : { domainName: 'app.example.com', hostedZoneId: 'Z0000000000000EXAMPLE', hostedZoneName: 'example.com' },
      clientCertificates: edge.clientCertificates?.caBundleBucket ? edge.clientCertificates : { caBundleBucket: 'example-client-ca', caBundleKey: 'ca-bundle.pem' },
      siteAllowlist: edge.siteAllowlist.length > 0 ? edge.siteAllowlist : ['198.51.100.0/24', '2001:db8:100::/48'],
    },
  };
  const merged = deepMerge(config, placeholders) as HardenedConfig;
  // A certificate given by ARN and the placeholder's DNS fields must not mix: replace, not merge.
  (merged.edge as { certificate: unknown }).certificate = placeholders.edge.certificate;
  const problems = validateConfig(merged);
  if (problems.length > 0) {
    throw new Error(`the build for optional controls (${OPTIONAL_CONTROLS_BUILD}) is not a valid configuration:\n${problems.map(formatProblem).join('\n')}`);
  }
  return merged;
}

/** The construct tree of that build (built, never synthesized), for `judgeControls`. */
export function buildOptionalControlsApp(config: HardenedConfig, context: Record<string, unknown>, outdir: string): OptionalControlsBuild {
  const app = treeOnlyApp(context, outdir);
  buildHardenedStacks(app, optionalControlsConfig(config));
  return { description: OPTIONAL_CONTROLS_BUILD, app };
}
