/**
 * Where the Suricata 7 engine is: `SURICATA_BIN` if set, else the copy that
 * `scripts/install-suricata.sh` unpacks into `.tools/suricata` (run with LD_LIBRARY_PATH pointing at
 * its libraries), else `suricata` on PATH.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

export const INSTALL_HINT =
  'Suricata 7 is not installed. Run `scripts/install-suricata.sh` (Debian 12/13: downloads Debian\'s suricata package into .tools/suricata, no root changes), ' +
  'or install Suricata 7 yourself and set SURICATA_BIN to its path.';

export interface SuricataBinary {
  readonly bin: string;
  readonly env: NodeJS.ProcessEnv;
  /** e.g. "7.0.10" */
  readonly version: string;
}

const ROOT = path.resolve(__dirname, '..', '..', '..');

function candidates(): Array<{ bin: string; env: NodeJS.ProcessEnv }> {
  const list: Array<{ bin: string; env: NodeJS.ProcessEnv }> = [];
  if (process.env.SURICATA_BIN) list.push({ bin: process.env.SURICATA_BIN, env: process.env });
  const tools = path.join(ROOT, '.tools', 'suricata');
  const local = path.join(tools, 'usr', 'bin', 'suricata');
  if (fs.existsSync(local)) {
    const arch = process.arch === 'arm64' ? 'aarch64-linux-gnu' : 'x86_64-linux-gnu';
    const libs = [path.join(tools, 'usr', 'lib', arch), path.join(tools, 'lib', arch), process.env.LD_LIBRARY_PATH].filter(Boolean).join(':');
    list.push({ bin: local, env: { ...process.env, LD_LIBRARY_PATH: libs } });
  }
  list.push({ bin: 'suricata', env: process.env });
  return list;
}

let found: SuricataBinary | null | undefined;

/** The first working Suricata 7, or undefined. Cached per process. */
export function findSuricata(): SuricataBinary | undefined {
  if (found !== undefined) return found ?? undefined;
  found = null;
  for (const c of candidates()) {
    const run = spawnSync(c.bin, ['-V'], { env: c.env, encoding: 'utf8' });
    const m = /version (\d+\.\d+\.\d+)/.exec(`${run.stdout ?? ''}${run.stderr ?? ''}`);
    if (run.status === 0 && m && m[1].startsWith('7.')) {
      found = { bin: c.bin, env: c.env, version: m[1] };
      break;
    }
  }
  return found ?? undefined;
}
