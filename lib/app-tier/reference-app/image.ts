/**
 * The reference application as a container image asset: bundled with esbuild at synth into one
 * `app.js` (the repository's own dependencies, no npm install in the image), built by Docker only
 * when the asset is published (`cdk deploy`). Synth stays offline and needs no Docker.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { buildSync } from 'esbuild';
import { DEFAULT_LIVENESS_PATH, RDS_CA_BUNDLE_PATH } from '../app-contract';

/** The value of `app.image` that selects the reference application. */
export const REFERENCE_IMAGE = 'reference';

/** The uid the reference image runs as (the node image's `node` user). */
export const REFERENCE_APP_USER = '1000';

/** What the task definition needs to know about the reference image. */
export const REFERENCE_APP = {
  user: REFERENCE_APP_USER,
  livenessPath: DEFAULT_LIVENESS_PATH,
  caBundlePath: RDS_CA_BUNDLE_PATH,
  /** Node writes nothing but may use /tmp; the root filesystem stays read-only. */
  writablePaths: [{ containerPath: '/tmp', sizeMiB: 16 }],
} as const;

const REPOSITORY_ROOT = resolve(__dirname, '../../..');
const SOURCE = join(__dirname, 'src');

let bundled: string | undefined;

/**
 * Bundles `src/main.ts` (or `entry`) and the Dockerfile into a fresh directory; returns it. Paths
 * in the bundle are relative to the repository, so every checkout yields the same bytes (and the
 * same asset hash).
 */
export function bundleReferenceApp(entry = join(SOURCE, 'main.ts'), outDir = mkdtempSync(join(tmpdir(), 'reference-app-'))): string {
  buildSync({
    entryPoints: [entry],
    outfile: join(outDir, 'app.js'),
    absWorkingDir: REPOSITORY_ROOT,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    // pg loads its optional native binding only when asked for it.
    external: ['pg-native'],
    legalComments: 'none',
    logLevel: 'silent',
  });
  copyFileSync(join(__dirname, 'Dockerfile'), join(outDir, 'Dockerfile'));
  return outDir;
}

/** The reference application's image, for ARM64 tasks (bundled once per process). */
export function referenceAppImage(): ecs.ContainerImage {
  if (!bundled) {
    const dir = bundleReferenceApp();
    // CDK copies the directory into the cloud assembly; the temporary one goes with the process.
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    bundled = dir;
  }
  return ecs.ContainerImage.fromAsset(bundled, { platform: Platform.LINUX_ARM64 });
}
