import * as fs from 'fs';
import * as path from 'path';

/**
 * `cdk.json`'s context: the project's feature flags and the availability zones pinned for the
 * placeholder account in both regions, so a test App synthesizes offline exactly like `cdk synth`.
 */
export function cdkContext(): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'cdk.json'), 'utf8')).context;
}
