/**
 * The reference application as the image runs it: the esbuild bundle (`bundleReferenceApp`, the
 * same `app.js` the Dockerfile copies) started with `node` in a child process, configured only
 * through the contract's environment variables.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { bundleReferenceApp } from '../../../lib/app-tier/reference-app/image';
import { freePort } from '../../support/moto-server';

export const PRODUCTION_ENTRY = join(__dirname, '../../../lib/app-tier/reference-app/src/main.ts');
export const ABRUPT_ENTRY = join(__dirname, 'abrupt-entry.ts');

const bundles = new Map<string, string>();

/** The bundle directory of an entry point (built once per test file). */
export function bundleOf(entry: string): string {
  let dir = bundles.get(entry);
  if (!dir) {
    dir = bundleReferenceApp(entry);
    bundles.set(entry, dir);
  }
  return dir;
}

export function removeBundles(): void {
  for (const dir of bundles.values()) rmSync(dir, { recursive: true, force: true });
  bundles.clear();
}

export interface AppProcess {
  readonly port: number;
  readonly child: ChildProcess;
  /** Every JSON log line so far. */
  readonly logs: Record<string, any>[];
  /** Resolves with the exit code (null when killed by a signal) and the time of exit. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  stop(): Promise<void>;
}

export async function startAppProcess(entry: string, env: Record<string, string>): Promise<AppProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(bundleOf(entry), 'app.js')], {
    env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, any>[] = [];
  let buffer = '';
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  const listening = new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        try {
          const entry = JSON.parse(line);
          logs.push(entry);
          if (entry.msg === 'listening') resolve();
        } catch {
          logs.push({ msg: 'NOT JSON', line });
        }
      }
    });
    void exited.then(({ code }) => reject(new Error(`reference app exited (${code}) before listening: ${JSON.stringify(logs)} ${stderr}`)));
  });
  await listening;
  return {
    port,
    child,
    logs,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}

export interface Answer {
  readonly status?: number;
  readonly body?: any;
  readonly error?: string;
}

/** One HTTP request; network errors are answers too (a dropped request is what the tests count). */
export function call(port: number, path: string, options: { method?: string; body?: unknown; agent?: Agent } = {}): Promise<Answer> {
  return new Promise((resolve) => {
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    const req = request(
      { host: '127.0.0.1', port, path, method: options.method ?? 'GET', agent: options.agent, headers: body ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } : {} },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // keep the text
          }
          resolve({ status: res.statusCode, body: parsed });
        });
        res.on('error', (e) => resolve({ error: e.message }));
      },
    );
    req.on('error', (e) => resolve({ error: (e as NodeJS.ErrnoException).code ?? e.message }));
    if (body) req.write(body);
    req.end();
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
