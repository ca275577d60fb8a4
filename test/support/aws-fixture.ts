/**
 * Real resources in moto for the handlers: the block table (the same key schema and expiry
 * index the construct creates) and a pair of empty REGIONAL WAFv2 IP sets; plus helpers to
 * load fresh handler modules against them and to read the results back.
 */
import { CreateTableCommand, DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { CreateIPSetCommand, GetIPSetCommand, UpdateIPSetCommand, WAFV2Client } from '@aws-sdk/client-wafv2';
import { TABLE } from '../../lambda/shared/contracts/ip-blocker';
import { parseIpSetArn } from '../../lambda/ip-blocker/config';
import { MotoServer, workerMoto } from './moto-server';

export const REGION = 'ap-northeast-1';

/**
 * The moto_server of this jest worker, for the calling test file: reset (every resource cleared)
 * before the file's tests, so each file starts from an empty emulator. One server per worker
 * rather than per file: the files of a worker run one after another, and moto's start-up and
 * the first load of each service's backend are paid once (moto-server.ts `workerMoto`). The
 * run's global teardown stops every worker's server and checks it gone, so no emulator outlives
 * the run. Returns a getter, usable in the file's own hooks and tests.
 */
export function useMotoServer(): () => MotoServer {
  let moto: MotoServer | undefined;
  beforeAll(async () => {
    useLocalAws();
    moto = await workerMoto();
    await moto.reset();
  });
  return () => {
    if (!moto) throw new Error('moto_server is not running: call the getter inside a test or hook');
    return moto;
  };
}

/** Credentials and region for the SDK in this process (moto accepts any). */
export function useLocalAws(): void {
  process.env.AWS_ACCESS_KEY_ID = 'testing';
  process.env.AWS_SECRET_ACCESS_KEY = 'testing';
  process.env.AWS_REGION = REGION;
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
}

export interface Provisioned {
  readonly tableName: string;
  readonly ipv4SetArn: string;
  readonly ipv6SetArn: string;
}

const clients = (endpoint: string) => ({
  dynamo: new DynamoDBClient({ endpoint, region: REGION }),
  waf: new WAFV2Client({ endpoint, region: REGION }),
});

export async function provision(endpoint: string): Promise<Provisioned> {
  const { dynamo, waf } = clients(endpoint);
  const tableName = 'ip-blocks';
  await dynamo.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: TABLE.partitionKey, AttributeType: 'S' },
        { AttributeName: TABLE.versionAttribute, AttributeType: 'N' },
        { AttributeName: TABLE.expiryAttribute, AttributeType: 'N' },
      ],
      KeySchema: [{ AttributeName: TABLE.partitionKey, KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [
        {
          IndexName: TABLE.expiryIndex,
          KeySchema: [
            { AttributeName: TABLE.versionAttribute, KeyType: 'HASH' },
            { AttributeName: TABLE.expiryAttribute, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['findingId', 'findingType', 'severity'] },
        },
      ],
    }),
  );
  const create = async (name: string, version: 'IPV4' | 'IPV6') =>
    (await waf.send(new CreateIPSetCommand({ Name: name, Scope: 'REGIONAL', IPAddressVersion: version, Addresses: [] }))).Summary!.ARN!;
  const provisioned = { tableName, ipv4SetArn: await create('blocked-v4', 'IPV4'), ipv6SetArn: await create('blocked-v6', 'IPV6') };
  dynamo.destroy();
  waf.destroy();
  return provisioned;
}

export interface HandlerEnv {
  readonly moto: string;
  /** Endpoint for WAFv2 only (a call counter in front of moto). @default moto */
  readonly waf?: string;
  readonly extra?: Record<string, string>;
}

/** The handlers' environment (the construct sets the same variables). */
export function handlerEnv(p: Provisioned, e: HandlerEnv): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: e.moto,
    AWS_ENDPOINT_URL_WAFV2: e.waf ?? e.moto,
    TABLE_NAME: p.tableName,
    IPV4_SET_ARN: p.ipv4SetArn,
    IPV6_SET_ARN: p.ipv6SetArn,
    BLOCK_TTL_SECONDS: String(24 * 3600),
    MIN_SEVERITY: '7',
    NEVER_BLOCK: '203.0.113.0/24,198.51.100.7/32,2001:db8:1::/48,66.249.64.0/19',
    OWN_CIDRS: '10.20.0.0/16,10.21.0.0/16',
    ...e.extra,
  };
}

type Handler = (event: unknown, context?: { awsRequestId?: string }) => Promise<void>;

export interface LoadedHandlers {
  readonly blocker: Handler;
  readonly reconciler: Handler;
  /** The GuardDuty client class the reconciler module uses (to stub at the client boundary). */
  readonly GuardDutyClient: typeof import('@aws-sdk/client-guardduty').GuardDutyClient;
  readonly guardduty: typeof import('@aws-sdk/client-guardduty');
}

/** Sets (or, for undefined, removes) variables of process.env before a handler module is loaded. */
export function useEnv(env: Record<string, string | undefined>): void {
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
}

/**
 * Loads fresh copies of both handler modules with `env` in process.env: each module reads its
 * environment once, at load, exactly as in Lambda.
 */
export function loadHandlers(env: Record<string, string | undefined>): LoadedHandlers {
  useEnv(env);
  let loaded: LoadedHandlers | undefined;
  jest.isolateModules(() => {
    const guardduty = require('@aws-sdk/client-guardduty') as typeof import('@aws-sdk/client-guardduty');
    loaded = {
      blocker: (require('../../lambda/ip-blocker/blocker-handler') as { handler: Handler }).handler,
      reconciler: (require('../../lambda/ip-blocker/reconciler-handler') as { handler: Handler }).handler,
      GuardDutyClient: guardduty.GuardDutyClient,
      guardduty,
    };
  });
  return loaded!;
}

export async function readSet(endpoint: string, arn: string): Promise<string[]> {
  const ref = parseIpSetArn(arn, 4)!;
  const { waf } = clients(endpoint);
  const out = await waf.send(new GetIPSetCommand({ Name: ref.name, Id: ref.id, Scope: ref.scope }));
  waf.destroy();
  return out.IPSet?.Addresses ?? [];
}

/** Overwrites a set behind the blocker's back (as a stack update or an operator would). */
export async function writeSet(endpoint: string, arn: string, addresses: string[]): Promise<void> {
  const ref = parseIpSetArn(arn, 4)!;
  const { waf } = clients(endpoint);
  const { LockToken } = await waf.send(new GetIPSetCommand({ Name: ref.name, Id: ref.id, Scope: ref.scope }));
  await waf.send(new UpdateIPSetCommand({ Name: ref.name, Id: ref.id, Scope: ref.scope, LockToken, Addresses: addresses }));
  waf.destroy();
}

export interface TableItem {
  readonly address: string;
  readonly ipVersion: number;
  readonly expiresAt: number;
  readonly findingId?: string;
  readonly offences?: number;
}

export async function readTable(endpoint: string, tableName: string): Promise<Map<string, TableItem>> {
  const { dynamo } = clients(endpoint);
  const items = new Map<string, TableItem>();
  let startKey: Record<string, any> | undefined;
  do {
    const out = await dynamo.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: startKey }));
    for (const i of out.Items ?? []) {
      items.set(i.address.S!, {
        address: i.address.S!,
        ipVersion: Number(i.ipVersion?.N),
        expiresAt: Number(i.expiresAt?.N),
        findingId: i.findingId?.S,
        offences: i.offences ? Number(i.offences.N) : undefined,
      });
    }
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  dynamo.destroy();
  return items;
}

/**
 * Captures the JSON lines the handlers write (logs and EMF metrics), in the order written. Both
 * streams: Powertools writes WARN and ERROR lines to stderr (console.warn/error), and Lambda sends
 * stdout and stderr alike to the function's log group.
 */
export function captureStdout(): { lines: () => Record<string, any>[]; restore: () => void } {
  const captured: string[] = [];
  const capture = ((chunk: string | Uint8Array) => {
    captured.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
  const spies = [jest.spyOn(process.stdout, 'write').mockImplementation(capture), jest.spyOn(process.stderr, 'write').mockImplementation(capture)];
  return {
    lines: () =>
      captured
        .join('')
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, any>),
    restore: () => spies.forEach((spy) => spy.mockRestore()),
  };
}

/** Sum of one EMF metric over the captured lines. */
export function metricTotal(lines: Record<string, any>[], name: string): number {
  return lines.filter((l) => l._aws && typeof l[name] === 'number').reduce((sum, l) => sum + (l[name] as number), 0);
}
