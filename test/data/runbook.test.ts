import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_CONFIG } from '../../lib/config/defaults';

// Issue #16: the promotion runbook opens and names the port the database listens on (data.port),
// never PostgreSQL's default 5432, which the stack does not use.
const runbook = fs.readFileSync(path.join(__dirname, '..', '..', 'lib', 'data', 'RUNBOOK.md'), 'utf8');
const promotion = runbook.slice(runbook.indexOf('## Promote the replica'), runbook.indexOf('\n## ', runbook.indexOf('## Promote the replica') + 5));
const port = DEFAULT_CONFIG.data.port;

test('the security-group rule opens data.port', () => {
  const rules = [...promotion.matchAll(/FromPort=([^,]+),ToPort=([^,]+),/g)].map((m) => [m[1], m[2]]);
  expect(rules).toEqual([['$PORT', '$PORT']]);
  expect(promotion).toContain(`PORT=${port}`);
});

test('the endpoint the application is repointed to carries data.port', () => {
  const endpoints = [...promotion.matchAll(/rds\.amazonaws\.com:(\d+)/g)].map((m) => Number(m[1]));
  expect(endpoints).toEqual([port]);
});

test('5432 appears only to say it is not the port', () => {
  const lines = runbook.split('\n').filter((l) => /\b5432\b/.test(l));
  expect(lines.every((l) => /never PostgreSQL's 5432/.test(l))).toBe(true);
});
