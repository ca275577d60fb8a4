import * as fs from 'fs';
import * as path from 'path';
import { alarmCounts, alarmSummaryMarkdown, assemblyTable } from '../../lib/reporting/alarm-table';
import { allTemplates } from '../support/assembly';

// MON-1 evidence in the README (issue #21): the alarm count and table of section "Detection within
// 5 minutes" are what synth prints for the default app, row for row, so they cannot drift again.
const README = path.join(__dirname, '..', '..', 'README.md');
const BEGIN = /<!-- alarm-table:begin[^>]*-->\n/;
const END = '<!-- alarm-table:end -->';

/** The generated block as it must stand between the markers. */
function expectedBlock(): string {
  const rows = assemblyTable(allTemplates().map((t) => t.template));
  return `**${alarmCounts(rows)}** in both regions:\n\n${alarmSummaryMarkdown(rows)}\n`;
}

function readmeBlock(): string {
  const text = fs.readFileSync(README, 'utf8');
  const begin = BEGIN.exec(text);
  const end = text.indexOf(END);
  if (!begin || end < begin.index) throw new Error(`README.md has no "<!-- alarm-table:begin … -->" … "${END}" block`);
  return text.slice(begin.index + begin[0].length, end);
}

test('the README alarm count and table are the synthesized app\'s', () => {
  const expected = expectedBlock();
  const actual = readmeBlock();
  if (actual !== expected) {
    // The diff below says what changed; this is the block to paste between the markers.
    process.stdout.write(`README.md alarm table is out of date; paste between the markers:\n\n${expected}\n`);
  }
  expect(actual).toBe(expected);
});

test('the README table names every alarm of every stack, the Files alarms included', () => {
  const rows = assemblyTable(allTemplates().map((t) => t.template));
  const block = readmeBlock();
  for (const row of rows.filter((r) => r.kind !== 'event')) expect(block).toContain(`| ${row.name}`);
  expect(block).toContain('| hardened-files-mover-errors |');
  expect(block).toContain('aws.guardduty GuardDuty Malware Protection Object Scan Result');
});
