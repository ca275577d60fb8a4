/**
 * A local moto_server for the integration tests and the benchmark: started on 127.0.0.1 on a
 * free port in its own process group, reset between tests, and stopped (the whole group: the
 * `moto_server` command is a wrapper around the real server process) when done.
 */
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { IncomingMessage, createServer, request } from 'node:http';
import { AddressInfo } from 'node:net';

export interface MotoServer {
  readonly endpoint: string;
  readonly pid: number;
  /** Clears every resource (POST /moto-api/reset). */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function httpCall(url: string, method = 'GET'): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method }, (res: IncomingMessage) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startMoto(options: { readonly startTimeoutMs?: number } = {}): Promise<MotoServer> {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
    detached: true, // its own process group, so the wrapper and the server stop together
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderrTail = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderrTail = (stderrTail + chunk.toString()).slice(-4000); // drained, or the server would block on a full pipe
  });
  // Neither the server nor its pipe keeps this process alive: a jest worker whose server outlives
  // the file (workerMoto) must still exit at once when the run ends (the global teardown stops it).
  child.unref();
  (child.stderr as unknown as { unref?: () => void } | null)?.unref?.();
  let exited = false;
  let missing: Error | undefined;
  // Never skipped: without moto_server the test fails here, naming the tool and how to install it.
  child.once('error', (e: NodeJS.ErrnoException) => {
    missing = e.code === 'ENOENT' ? new Error(`moto_server is not installed: pip install 'moto[server]==5.2.1' (the version CI uses)`) : e;
  });
  const exitedPromise = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // already gone
    }
  };
  // If the test process dies without calling stop(), take the server with it.
  const onExit = () => killGroup('SIGKILL');
  process.once('exit', onExit);

  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  for (;;) {
    if (missing) throw missing;
    if (exited) throw new Error(`moto_server exited during start-up: ${stderrTail}`);
    try {
      if ((await httpCall(`${endpoint}/moto-api/`)) === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      killGroup('SIGKILL');
      throw new Error(`moto_server did not answer on ${endpoint} within the start-up timeout: ${stderrTail}`);
    }
    await sleep(100);
  }

  return {
    endpoint,
    pid: child.pid!,
    reset: async () => {
      const status = await httpCall(`${endpoint}/moto-api/reset`, 'POST');
      if (status !== 200) throw new Error(`moto reset answered ${status}`);
    },
    stop: async () => {
      process.removeListener('exit', onExit);
      if (exited) return;
      killGroup('SIGTERM');
      const timer = setTimeout(() => killGroup('SIGKILL'), 5000);
      await exitedPromise;
      clearTimeout(timer);
    },
  };
}

/** Where a jest worker records its server (one file per worker of this run). */
function workerServerFile(worker: string): string {
  return path.join(os.tmpdir(), `${WORKER_SERVER_PREFIX}${process.env.HARDENED_TEST_RUN ?? 'local'}-${worker}.json`);
}
const WORKER_SERVER_PREFIX = 'hardened-stack-moto-';

/** A handle on a server started by another test file of this worker (reset and stop as for `startMoto`). */
function handle(endpoint: string, pid: number): MotoServer {
  return {
    endpoint,
    pid,
    reset: async () => {
      const status = await httpCall(`${endpoint}/moto-api/reset`, 'POST');
      if (status !== 200) throw new Error(`moto reset answered ${status}`);
    },
    stop: () => stopGroup(pid),
  };
}

/**
 * The moto_server of this jest worker: started by the worker's first file that asks, reused by
 * the next ones (jest gives each test file a fresh module registry, so the server is found
 * through a file named for the run and the worker). Stopped by `stopWorkerMotos` at the end of
 * the run; callers reset it rather than stop it.
 */
export async function workerMoto(): Promise<MotoServer> {
  const file = workerServerFile(process.env.JEST_WORKER_ID ?? String(process.pid));
  if (fs.existsSync(file)) {
    const { endpoint, pid } = JSON.parse(fs.readFileSync(file, 'utf8')) as { endpoint: string; pid: number };
    if (isRunning(pid) && (await httpCall(`${endpoint}/moto-api/`).catch(() => 0)) === 200) return handle(endpoint, pid);
  }
  const server = await startMoto();
  fs.writeFileSync(file, JSON.stringify({ endpoint: server.endpoint, pid: server.pid }));
  return server;
}

/** Stops every worker's moto_server of this run (the global teardown) and checks each gone. */
export async function stopWorkerMotos(): Promise<void> {
  const prefix = `${WORKER_SERVER_PREFIX}${process.env.HARDENED_TEST_RUN ?? 'local'}-`;
  const files = fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith(prefix) && f.endsWith('.json'));
  for (const f of files) {
    const file = path.join(os.tmpdir(), f);
    const { pid } = JSON.parse(fs.readFileSync(file, 'utf8')) as { pid: number };
    fs.rmSync(file, { force: true });
    // Only a process that is still this run's moto_server (a recycled id is left alone).
    if (!isRunning(pid) || !readCommandLine(pid).includes('moto_server')) continue;
    await stopGroup(pid);
    if (serving(pid)) throw new Error(`moto_server (pid ${pid}) outlived the test run`);
  }
}

/** The process's command line ('' for a zombie, which has ended). */
function readCommandLine(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return 'moto_server'; // no /proc (macOS): trust the file written by this run
  }
}

/**
 * Whether the process still runs. A stopped server stays a zombie until the jest worker that
 * started it reaps it (the workers outlive the global teardown): that counts as stopped.
 */
function serving(pid: number): boolean {
  return isRunning(pid) && readCommandLine(pid) !== '';
}

/** SIGTERM to the server's process group, SIGKILL after 5 s. */
async function stopGroup(pid: number): Promise<void> {
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(-pid, s);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  const deadline = Date.now() + 5000;
  while (serving(pid) && Date.now() < deadline) await sleep(50);
  if (serving(pid)) signal('SIGKILL');
  while (serving(pid) && Date.now() < deadline + 2000) await sleep(50);
}

/** True while a process with this id exists. */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export interface CallCounter {
  readonly endpoint: string;
  /** Calls seen per API operation (from the X-Amz-Target header). */
  count(operation: string): number;
  resetCounts(): void;
  stop(): Promise<void>;
}

/**
 * A pass-through HTTP proxy in front of moto that counts JSON-protocol operations (WAFv2 is
 * one): point a service's endpoint at it to count that service's calls from outside the code.
 */
export async function startCallCounter(target: string): Promise<CallCounter> {
  const counts = new Map<string, number>();
  const { hostname, port } = new URL(target);
  const server = createServer((req, res) => {
    const op = String(req.headers['x-amz-target'] ?? '').split('.').pop() ?? '';
    counts.set(op, (counts.get(op) ?? 0) + 1);
    const upstream = request({ hostname, port, method: req.method, path: req.url, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', (e) => {
      res.writeHead(502);
      res.end(String(e));
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: own } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${own}`,
    count: (operation) => counts.get(operation) ?? 0,
    resetCounts: () => counts.clear(),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
