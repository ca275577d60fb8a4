/**
 * What esbuild put into each function's bundle (the assets of the shared synthesized app): the
 * functions' code with Powertools and ipaddr.js inside it, never left as a runtime `require` that
 * Lambda's Node.js runtime could not resolve (only the AWS SDK ships with it, and this project
 * bundles that too: lib/core/hardened-function.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import { ASSEMBLY_DIR, allTemplates, resourcesOfType } from '../support/assembly';

interface Bundle {
  readonly logicalId: string;
  readonly sources: string[];
  readonly code: string;
}

/** The bundles of this project's functions: those whose source map names files under lambda/. */
function projectBundles(): Bundle[] {
  const bundles: Bundle[] = [];
  for (const { template } of allTemplates()) {
    for (const [logicalId, fn] of resourcesOfType(template, 'AWS::Lambda::Function')) {
      // The asset's object key is `<hash>.zip`; the assembly keeps its contents in `asset.<hash>/`.
      const key = fn.Properties?.Code?.S3Key;
      const assetPath = typeof key === 'string' ? `asset.${key.replace(/\.zip$/, '')}` : undefined;
      const map = assetPath && path.join(ASSEMBLY_DIR, assetPath, 'index.js.map');
      if (!assetPath || !map || !fs.existsSync(map)) continue;
      const sources: string[] = JSON.parse(fs.readFileSync(map, 'utf8')).sources;
      if (!sources.some((s) => /(^|\/)lambda\//.test(s) && !s.includes('node_modules'))) continue;
      bundles.push({ logicalId, sources, code: fs.readFileSync(path.join(ASSEMBLY_DIR, assetPath, 'index.js'), 'utf8') });
    }
  }
  return bundles;
}

const functionFolders = (b: Bundle) =>
  [...new Set(b.sources.map((s) => /(?:^|\/)lambda\/([^/]+)\//.exec(s)?.[1]).filter((f): f is string => f !== undefined && f !== 'shared'))];

test('every function bundles Powertools and ipaddr.js instead of requiring them at run time', () => {
  const bundles = projectBundles();
  expect(bundles.flatMap(functionFolders).sort()).toEqual(['alert-log-copy', 'database-probe', 'ip-blocker', 'ip-blocker', 'ip-blocker', 'received-files']);
  for (const b of bundles) {
    expect([b.logicalId, b.sources.some((s) => s.includes('node_modules/@aws-lambda-powertools/logger/'))]).toEqual([b.logicalId, true]);
    expect([b.logicalId, b.code.match(/require\(["'](@aws-lambda-powertools\/[^"']+|ipaddr\.js)["']\)/g)]).toEqual([b.logicalId, null]);
    if (functionFolders(b).includes('ip-blocker')) {
      expect(b.sources.some((s) => s.includes('node_modules/ipaddr.js/'))).toBe(true);
      expect(b.sources.some((s) => s.includes('node_modules/@aws-lambda-powertools/metrics/'))).toBe(true);
    }
    if (functionFolders(b).includes('database-probe')) {
      // The PostgreSQL driver and the Secrets Manager client travel in the bundle; Lambda's runtime has neither pg nor a pinned SDK.
      expect(b.sources.some((s) => s.includes('node_modules/pg/'))).toBe(true);
      expect(b.sources.some((s) => s.includes('node_modules/@aws-sdk/client-secrets-manager/'))).toBe(true);
      expect(b.code.match(/require\(["'](pg|@aws-sdk\/client-secrets-manager)["']\)/g)).toBeNull();
    }
  }
});

test("every function of this project's code is built by hardenedFunction (tracing, arm64, the pinned runtime), not only those hardened-function.test.ts builds", () => {
  const settings = new Map<string, unknown>();
  for (const { template } of allTemplates()) {
    for (const [logicalId, fn] of resourcesOfType(template, 'AWS::Lambda::Function')) settings.set(logicalId, fn.Properties);
  }
  const ours = projectBundles();
  expect(ours.length).toBeGreaterThan(0);
  for (const b of ours) {
    const p = settings.get(b.logicalId) as any;
    expect([b.logicalId, p.TracingConfig?.Mode, p.Architectures, p.Runtime]).toEqual([b.logicalId, 'Active', ['arm64'], 'nodejs24.x']);
  }
});
