/**
 * Runs Suricata 7 on a rule set: a load check (`-T`, every rule that fails is reported with its
 * sid and the engine's message) and a replay of a capture in IPS simulation mode
 * (`-r capture.pcap -k none --simulate-ips`), returning eve.json's alert events.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SuricataBinary } from './suricata-binary';

export interface EngineVariables {
  /** HOME_NET as Suricata reads it, e.g. "[10.20.0.0/16]". */
  readonly homeNet: string;
}

/** The engine configuration: only what the scenarios need; stream and app-layer at Suricata's defaults. */
export function suricataYaml(dir: string, vars: EngineVariables): string {
  return [
    '%YAML 1.1',
    '---',
    'vars:',
    '  address-groups:',
    `    HOME_NET: "${vars.homeNet}"`,
    '    EXTERNAL_NET: "!$HOME_NET"',
    '  port-groups:',
    '    HTTP_PORTS: "80"',
    `default-log-dir: ${dir}`,
    `classification-file: ${path.join(dir, 'classification.config')}`,
    `reference-config-file: ${path.join(dir, 'reference.config')}`,
    'logging:',
    '  default-log-level: warning',
    '  outputs:',
    '    - console:',
    '        enabled: yes',
    'outputs:',
    '  - eve-log:',
    '      enabled: yes',
    '      filetype: regular',
    `      filename: ${path.join(dir, 'eve.json')}`,
    '      types:',
    '        - alert:',
    '            tagged-packets: no',
    '        - drop:',
    '            alerts: yes',
    'app-layer:',
    '  protocols:',
    '    tls:',
    '      enabled: yes',
    '      detection-ports:',
    '        dp: 443',
    '    http:',
    '      enabled: yes',
    'stream:',
    '  inline: auto',
    // Checksums are computed by the capture writer; -k none skips checking them anyway.
    'pcap-file:',
    '  checksum-checks: no',
    'detect:',
    '  profile: low',
    '',
  ].join('\n');
}

export interface RuleLoadError {
  readonly sid?: number;
  readonly rule: string;
  readonly message: string;
}

function workDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-suricata-'));
  fs.writeFileSync(path.join(dir, 'classification.config'), '');
  fs.writeFileSync(path.join(dir, 'reference.config'), '');
  return dir;
}

/**
 * Loads the rules in test mode. Suricata reports each bad rule as an error naming the signature
 * ("error parsing signature \"…\" from file … at line N") preceded by the reason.
 */
export function checkRulesLoad(engine: SuricataBinary, rules: readonly string[], vars: EngineVariables): RuleLoadError[] {
  const dir = workDir();
  try {
    const rulesFile = path.join(dir, 'rules.rules');
    fs.writeFileSync(rulesFile, rules.join('\n') + '\n');
    fs.writeFileSync(path.join(dir, 'suricata.yaml'), suricataYaml(dir, vars));
    const run = spawnSync(engine.bin, ['-T', '-c', path.join(dir, 'suricata.yaml'), '-S', rulesFile, '-l', dir], { env: engine.env, encoding: 'utf8' });
    const out = `${run.stdout ?? ''}\n${run.stderr ?? ''}`;
    return parseLoadErrors(out, rules, run.status ?? 1);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Pairs each "error parsing signature … at line N" with its reason: the engine's messages naming
 * that rule ("rule <sid>: …"), else the unattributed messages just before it.
 */
export function parseLoadErrors(output: string, rules: readonly string[], status: number): RuleLoadError[] {
  const errors: RuleLoadError[] = [];
  const bySid = new Map<number, string[]>();
  let pending: string[] = [];
  for (const raw of output.split('\n')) {
    // eslint-disable-next-line no-control-regex -- strips the engine's ANSI colour codes (ESC [ … m)
    const line = raw.replace(/\x1b\[[0-9;]*m/g, '').trim();
    if (!line) continue;
    const at = /error parsing signature .* at line (\d+)/.exec(line);
    if (at) {
      const rule = rules[Number(at[1]) - 1] ?? '';
      const sidText = /[(;]\s*sid\s*:\s*(\d+)/.exec(rule)?.[1];
      const sid = sidText ? Number(sidText) : undefined;
      const reasons = (sid !== undefined && bySid.get(sid)) || pending;
      errors.push({ sid, rule, message: reasons.join(' / ') || 'rejected by the engine' });
      pending = [];
      continue;
    }
    if (!/^(Warning|Error|W|E): /.test(line) || /no rules were loaded|Loading signatures failed|stats are enabled/.test(line)) continue;
    // "Warning: detect-http-host: rule 6: http.host keyword specified along with \"nocase\"…"
    const named = /^(?:Warning|Error|W|E): [\w-]+: rule (\d+): (.*)$/.exec(line);
    if (named) bySid.set(Number(named[1]), [...(bySid.get(Number(named[1])) ?? []), named[2]]);
    else pending.push(line.replace(/^(Warning|Error|W|E): [\w-]+: /, ''));
  }
  if (errors.length === 0 && status !== 0) errors.push({ rule: '', message: output.trim().split('\n').slice(-5).join(' / ') });
  return errors;
}

export interface EveAlert {
  readonly pcapCount: number;
  readonly sid: number;
  readonly appProto?: string;
}

/** Replays the capture in IPS simulation mode and returns every alert event (packet number, sid). */
export function replay(engine: SuricataBinary, rules: readonly string[], pcap: Buffer, vars: EngineVariables): EveAlert[] {
  const dir = workDir();
  try {
    const rulesFile = path.join(dir, 'rules.rules');
    fs.writeFileSync(rulesFile, rules.join('\n') + '\n');
    fs.writeFileSync(path.join(dir, 'suricata.yaml'), suricataYaml(dir, vars));
    fs.writeFileSync(path.join(dir, 'capture.pcap'), pcap);
    const args = ['-c', path.join(dir, 'suricata.yaml'), '-S', rulesFile, '-l', dir, '-r', path.join(dir, 'capture.pcap'), '-k', 'none', '--simulate-ips', '--runmode', 'single'];
    const run = spawnSync(engine.bin, args, { env: engine.env, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`suricata exited with ${run.status}: ${(run.stderr || run.stdout).trim().split('\n').slice(-5).join('\n')}`);
    const evePath = path.join(dir, 'eve.json');
    const lines = fs.existsSync(evePath) ? fs.readFileSync(evePath, 'utf8').split('\n').filter(Boolean) : [];
    return lines
      .map((l) => JSON.parse(l))
      .filter((e) => e.event_type === 'alert')
      .map((e) => ({ pcapCount: Number(e.pcap_cnt), sid: Number(e.alert.signature_id), appProto: e.app_proto }));
  } finally {
    if (!process.env.HS_KEEP_ENGINE_DIR) fs.rmSync(dir, { recursive: true, force: true });
  }
}
