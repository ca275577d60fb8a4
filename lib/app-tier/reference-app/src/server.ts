/**
 * The reference application's HTTP server: liveness and readiness apart, a database round trip,
 * upload signing, and a shutdown that drops no request.
 *
 * Why shutdown looks like this: when ECS stops a task it first deregisters it from the target
 * group and waits for the deregistration delay, so the load balancer sends no new request; then
 * it sends SIGTERM and, after the container's stop timeout, SIGKILL. A process that exits on
 * SIGTERM at once cuts the responses still in flight (keep-alive connections included).
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/load-balancer-connection-draining.html
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html (stopTimeout)
 */
import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { UploadRejected } from './upload-post';
import { Database } from './database';
import { Logger, errorFields } from './log';
import { Settings } from './settings';
import { UploadSigner, UploadsUnavailable } from './uploads';

/** Largest JSON body the upload-signing endpoint reads. */
const MAX_JSON_BODY_BYTES = 4096;
/** Longest server-side hold of `/api/slow`. */
const MAX_SLOW_MS = 5000;

export interface AppParts {
  readonly settings: Settings;
  readonly database: Database;
  readonly uploads: UploadSigner;
  readonly log: Logger;
}

export interface RunningApp {
  readonly server: Server;
  readonly port: number;
  /** Requests being answered now. */
  inFlight(): number;
  /** Stop accepting, finish in-flight requests, close the pool. Resolves when all is closed. */
  shutdown(reason: string): Promise<void>;
}

class HttpError extends Error {
  constructor(readonly status: number, readonly body: Record<string, unknown>) {
    super(String(body.error ?? status));
  }
}

export async function startApp(parts: AppParts, listenPort = parts.settings.port): Promise<RunningApp> {
  const { settings, database, uploads, log } = parts;
  let draining = false;
  let inFlight = 0;

  const routes: Record<string, (req: IncomingMessage, url: URL) => Promise<[number, Record<string, unknown>]>> = {
    [`GET ${settings.livenessPath}`]: async () => [200, { status: 'live' }],
    [`GET ${settings.readinessPath}`]: async () => {
      if (draining) return [503, { status: 'draining' }];
      const trip = await database.roundTrip();
      if (!trip.tls) return [503, { status: 'not ready', error: 'database connection is not encrypted' }];
      return [200, { status: 'ready' }];
    },
    'GET /api/db': async () => {
      await database.roundTrip();
      return [200, { database: 'ok' }];
    },
    'GET /api/slow': async (_req, url) => {
      const ms = Number(url.searchParams.get('ms') ?? '0');
      if (!Number.isInteger(ms) || ms < 0 || ms > MAX_SLOW_MS) throw new HttpError(400, { error: `ms: got ${JSON.stringify(url.searchParams.get('ms'))}; allowed: 0 to ${MAX_SLOW_MS}` });
      await database.slowQuery(ms);
      return [200, { heldMs: ms }];
    },
    'POST /api/uploads': async (req) => {
      const body = await readJson(req);
      const post = await uploads.sign({ contentType: body.contentType as string, sizeBytes: body.sizeBytes as number });
      return [201, { url: post.url, fields: post.fields, key: post.key }];
    },
  };

  const server = createServer((req, res) => {
    const started = Date.now();
    inFlight++;
    const url = new URL(req.url ?? '/', 'http://app');
    const route = routes[`${req.method} ${url.pathname}`];
    const answer = route ? route(req, url) : Promise.resolve<[number, Record<string, unknown>]>([404, { error: 'not found' }]);
    answer
      .catch((error: unknown): [number, Record<string, unknown>] => {
        if (error instanceof HttpError) return [error.status, error.body];
        if (error instanceof UploadRejected) return [400, { error: 'upload refused', problems: error.problems }];
        if (error instanceof UploadsUnavailable) return [503, { error: 'uploads unavailable' }];
        log.error('request failed', { path: url.pathname, ...errorFields(error) });
        return [503, { error: 'temporarily unavailable' }];
      })
      .then(([status, body]) => send(res, status, body, draining))
      .finally(() => {
        inFlight--;
        log.info('request', { method: req.method, path: url.pathname, status: res.statusCode, durationMs: Date.now() - started });
        if (draining) server.closeIdleConnections();
      });
  });
  server.keepAliveTimeout = 65_000; // above the ALB's 60 s idle timeout, so the ALB closes first

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listenPort, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  log.info('listening', { port });

  let closing: Promise<void> | undefined;
  const shutdown = (reason: string): Promise<void> => {
    closing ??= (async () => {
      draining = true;
      log.info('draining', { reason, inFlight });
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // Leave a second of the grace period for closing the pool and exiting.
      const deadlineMs = Math.max(1000, settings.shutdownGraceSeconds * 1000 - 1000);
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), deadlineMs)));
      if ((await Promise.race([closed.then(() => 'closed' as const), late])) === 'late') {
        log.error('requests still in flight at the deadline; closing their connections', { inFlight });
        server.closeAllConnections();
      }
      clearTimeout(timer);
      await database.close().catch((error: unknown) => log.warn('closing the database pool failed', errorFields(error)));
      log.info('stopped', { reason });
    })();
    return closing;
  };

  return { server, port, inFlight: () => inFlight, shutdown };
}

function send(res: ServerResponse, status: number, body: Record<string, unknown>, draining: boolean): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.setHeader('Cache-Control', 'no-store');
  // A connection that outlives the response would be cut when the process exits.
  if (draining) res.setHeader('Connection', 'close');
  res.end(text);
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_JSON_BODY_BYTES) throw new HttpError(413, { error: `body above ${MAX_JSON_BODY_BYTES} bytes` });
    chunks.push(chunk as Buffer);
  }
  try {
    const value: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new HttpError(400, { error: 'body: expected a JSON object {"contentType": "...", "sizeBytes": n}' });
}
