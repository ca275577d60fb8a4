import { CheckResult, Verdict } from './check';

const MARK: Record<Verdict, string> = { PASS: 'PASS', WARN: 'WARN', FAIL: 'FAIL' };

/**
 * The verdict table, one line per result, the fix on the line below a WARN or FAIL:
 *
 *     VERDICT  CHECK              REGION          DETAIL
 *     PASS     credentials        -               account 111111111111 (arn:aws:sts::…)
 *     FAIL     cdk bootstrap      ap-northeast-3  no CDKToolkit stack, no /cdk-bootstrap/hnb659fds/version
 *              fix: cdk bootstrap aws://111111111111/ap-northeast-3
 *
 *     2 PASS, 0 WARN, 1 FAIL
 */
export function formatTable(title: string, results: readonly CheckResult[]): string {
  const checkWidth = Math.max(5, ...results.map((r) => r.check.length)) + 2;
  const regionWidth = Math.max(6, ...results.map((r) => (r.region ?? '-').length)) + 2;
  const indent = ' '.repeat(9);
  const lines = [title, '', 'VERDICT  ' + 'CHECK'.padEnd(checkWidth) + 'REGION'.padEnd(regionWidth) + 'DETAIL'];
  for (const r of results) {
    lines.push(MARK[r.verdict].padEnd(9) + r.check.padEnd(checkWidth) + (r.region ?? '-').padEnd(regionWidth) + r.detail);
    if (r.verdict !== 'PASS' && r.fix) lines.push(`${indent}fix: ${r.fix}`);
  }
  const count = (v: Verdict) => results.filter((r) => r.verdict === v).length;
  lines.push('', `${count('PASS')} PASS, ${count('WARN')} WARN, ${count('FAIL')} FAIL`);
  return lines.join('\n') + '\n';
}
