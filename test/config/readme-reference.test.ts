import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_CONFIG } from '../../lib/config/defaults';
import { loadFile } from './support';

// The README documents every configuration field with its default: a new field without a line
// in the reference fails here.
function leafPaths(node: unknown, prefix = ''): string[] {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return [prefix];
  return Object.entries(node).flatMap(([k, v]) => leafPaths(v, prefix ? `${prefix}.${k}` : k));
}

test('every configuration field is in the README configuration reference', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
  const reference = readme.slice(readme.indexOf('## Configuration'));
  const optional = ['logs.objectLockMode', 'edge.signIn.domainPrefix', 'edge.clientCertificates.caBundleBucket', 'edge.clientCertificates.revocationListKey'];
  const fields = [...leafPaths(DEFAULT_CONFIG), ...optional, 'edge.certificate.domainName'];
  const missing = fields.filter((field) => !reference.includes(`\`${field}\``));
  expect(missing).toEqual([]);
});

test("the README's example configuration file loads, with a DNS-validated certificate in Europe", () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
  const example = /A DNS-validated certificate in Europe[\s\S]*?```json\n([\s\S]*?)```/.exec(readme);
  expect(example).not.toBeNull();
  const config = loadFile(JSON.parse(example![1]));
  expect(config.edge.certificate.certificateArn).toBeUndefined();
  expect(config.app.recycleTimeZone).toBe('Europe/Berlin');
});
