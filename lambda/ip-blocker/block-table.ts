import {
  AttributeValue,
  BatchGetItemCommand,
  BatchGetItemCommandOutput,
  BatchWriteItemCommand,
  BatchWriteItemCommandOutput,
  ConditionalCheckFailedException,
  DeleteItemCommand,
  DeleteItemCommandInput,
  DynamoDBClient,
  QueryCommand,
  ScanCommand,
  UpdateItemCommand,
  WriteRequest,
} from '@aws-sdk/client-dynamodb';
import { IpVersion } from './config';
import { TABLE } from '../shared/contracts/ip-blocker';
import { BlockIntent, mergeIntents } from './decide';
import { BlockRecord } from './set-plan';

/** What recording an intent did: a first (or renewed after expiry) block, a longer one, or nothing. */
export type RecordChange = 'new' | 'extended' | 'unchanged';

export interface Recorded {
  readonly intent: BlockIntent;
  readonly change: RecordChange;
  /** The record's expiry afterwards (epoch seconds). */
  readonly expiresAt: number;
}

/** When a delete may happen (conditions keep a concurrent extension from being lost). */
export type DeleteCondition = { readonly expiresAt: number } | { readonly expiredBy: number } | 'always';

/** The table kept throttling part of a batch through every retry. */
export class BatchIncompleteError extends Error {
  constructor(operation: string, tableName: string, attempts: number) {
    super(`${operation} on ${tableName} left part of the batch unprocessed after ${attempts} attempts`);
    this.name = 'BatchIncompleteError';
  }
}

type DynamoSend = Pick<DynamoDBClient, 'send'>;

const BATCH_GET = 100; // BatchGetItem's limit
const BATCH_WRITE = 25; // BatchWriteItem's limit
const BATCH_ATTEMPTS = 8;

/** Backoff before retrying a batch's unprocessed part (the table is throttling). */
const pause = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(2000, 50 * 2 ** attempt)));

const NAMES = {
  '#addr': TABLE.partitionKey,
  '#ver': TABLE.versionAttribute,
  '#exp': TABLE.expiryAttribute,
};

/**
 * The table of blocks, one item per address: the source of truth the sets are rebuilt from.
 * Writes are conditional so that an expiry only ever grows and a re-sent finding changes nothing.
 */
export class BlockTable {
  constructor(
    private readonly client: DynamoSend,
    private readonly tableName: string,
  ) {}

  /** Records a block unless the address is already blocked at least as long. */
  async record(intent: BlockIntent, now: Date): Promise<Recorded> {
    const nowSeconds = Math.floor(now.getTime() / 1000);
    try {
      const out = await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: { [TABLE.partitionKey]: { S: intent.address } },
          UpdateExpression:
            'SET #ver = :ver, #exp = :exp, #fid = :fid, #ftype = :ftype, #sev = :sev, #act = :act, #upd = :now, ' +
            '#first = if_not_exists(#first, :now) ADD #offences :one',
          ConditionExpression: 'attribute_not_exists(#addr) OR #exp < :exp',
          ExpressionAttributeNames: {
            ...NAMES,
            '#fid': 'findingId',
            '#ftype': 'findingType',
            '#sev': 'severity',
            '#act': 'action',
            '#upd': 'updatedAt',
            '#first': 'firstBlockedAt',
            '#offences': 'offences',
          },
          ExpressionAttributeValues: {
            ':ver': { N: String(intent.version) },
            ':exp': { N: String(intent.expiresAt) },
            ':fid': { S: intent.findingId },
            ':ftype': { S: intent.findingType },
            ':sev': { N: String(intent.severity) },
            ':act': { S: intent.action },
            ':now': { S: now.toISOString() },
            ':one': { N: '1' },
          },
          ReturnValues: 'ALL_OLD',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      const previous = numberOf(out.Attributes?.[TABLE.expiryAttribute]);
      const change: RecordChange = previous !== undefined && previous > nowSeconds ? 'extended' : 'new';
      return { intent, change, expiresAt: intent.expiresAt };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      return { intent, change: 'unchanged', expiresAt: numberOf(error.Item?.[TABLE.expiryAttribute]) ?? intent.expiresAt };
    }
  }

  /**
   * Records many intents with few round trips: one consistent BatchGetItem per 100 addresses,
   * then nothing for addresses already blocked at least as long (a re-sent finding), a
   * BatchWriteItem per 25 first-time blocks, and the conditional `record` for extensions, so an
   * expiry never shrinks. The one unguarded case is two writers creating the same address's
   * first record at the same moment (the later offence time may lose); the blocker runs one
   * invocation at a time, which leaves only the reconciler's sweep as a rare second writer.
   */
  async recordAll(intents: readonly BlockIntent[], now: Date, concurrency = 8): Promise<Recorded[]> {
    const unique = mergeIntents(intents);
    const existing = await this.expiries(unique.map((i) => i.address));
    const results = new Map<string, Recorded>();
    const fresh: BlockIntent[] = [];
    const longer: BlockIntent[] = [];
    for (const intent of unique) {
      const current = existing.get(intent.address);
      if (current === undefined) fresh.push(intent);
      else if (current >= intent.expiresAt) results.set(intent.address, { intent, change: 'unchanged', expiresAt: current });
      else longer.push(intent);
    }
    for (let i = 0; i < fresh.length; i += BATCH_WRITE) {
      const chunk = fresh.slice(i, i + BATCH_WRITE);
      await this.batchWrite(chunk.map((intent) => ({ PutRequest: { Item: newItem(intent, now) } })));
      for (const intent of chunk) results.set(intent.address, { intent, change: 'new', expiresAt: intent.expiresAt });
    }
    let next = 0;
    const worker = async () => {
      while (next < longer.length) {
        const intent = longer[next++];
        results.set(intent.address, await this.record(intent, now));
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, longer.length) }, worker));
    return unique.map((i) => results.get(i.address)!);
  }

  /** Current expiry of each address that has a record (consistent reads). */
  private async expiries(addresses: readonly string[]): Promise<Map<string, number>> {
    const found = new Map<string, number>();
    for (let i = 0; i < addresses.length; i += BATCH_GET) {
      let keys: Record<string, AttributeValue>[] | undefined = addresses.slice(i, i + BATCH_GET).map((a) => ({ [TABLE.partitionKey]: { S: a } }));
      for (let attempt = 1; keys && keys.length > 0; attempt++) {
        if (attempt > BATCH_ATTEMPTS) throw new BatchIncompleteError('BatchGetItem', this.tableName, BATCH_ATTEMPTS);
        if (attempt > 1) await pause(attempt);
        const out: BatchGetItemCommandOutput = await this.client.send(
          new BatchGetItemCommand({
            RequestItems: {
              [this.tableName]: {
                Keys: keys,
                ConsistentRead: true,
                ProjectionExpression: '#addr, #exp',
                ExpressionAttributeNames: { '#addr': TABLE.partitionKey, '#exp': TABLE.expiryAttribute },
              },
            },
          }),
        );
        for (const item of out.Responses?.[this.tableName] ?? []) {
          const expiresAt = numberOf(item[TABLE.expiryAttribute]);
          const address = item[TABLE.partitionKey]?.S;
          if (address !== undefined && expiresAt !== undefined) found.set(address, expiresAt);
        }
        keys = out.UnprocessedKeys?.[this.tableName]?.Keys;
      }
    }
    return found;
  }

  private async batchWrite(requests: WriteRequest[]): Promise<void> {
    let pending: WriteRequest[] | undefined = requests;
    for (let attempt = 1; pending && pending.length > 0; attempt++) {
      if (attempt > BATCH_ATTEMPTS) throw new BatchIncompleteError('BatchWriteItem', this.tableName, BATCH_ATTEMPTS);
      if (attempt > 1) await pause(attempt);
      const out: BatchWriteItemCommandOutput = await this.client.send(new BatchWriteItemCommand({ RequestItems: { [this.tableName]: pending } }));
      pending = out.UnprocessedItems?.[this.tableName];
    }
  }

  /** Blocks of one IP version, soonest expiry first, read from the expiry index page by page. */
  async *soonestExpiring(version: IpVersion, pageSize = 200): AsyncGenerator<BlockRecord> {
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const out = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: TABLE.expiryIndex,
          KeyConditionExpression: '#ver = :ver',
          ExpressionAttributeNames: { '#ver': TABLE.versionAttribute },
          ExpressionAttributeValues: { ':ver': { N: String(version) } },
          ScanIndexForward: true,
          Limit: pageSize,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of out.Items ?? []) {
        const entry = toRecord(item);
        if (entry) yield entry;
      }
      startKey = out.LastEvaluatedKey;
    } while (startKey);
  }

  /** Every block of one IP version, read consistently (the reconciler's view of the truth). */
  async scan(version: IpVersion): Promise<BlockRecord[]> {
    const records: BlockRecord[] = [];
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const out = await this.client.send(
        new ScanCommand({
          TableName: this.tableName,
          ConsistentRead: true,
          FilterExpression: '#ver = :ver',
          ExpressionAttributeNames: { '#ver': TABLE.versionAttribute },
          ExpressionAttributeValues: { ':ver': { N: String(version) } },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of out.Items ?? []) {
        const record = toRecord(item);
        if (record) records.push(record);
      }
      startKey = out.LastEvaluatedKey;
    } while (startKey);
    return records;
  }

  /** Deletes a block if the condition still holds; false when it no longer does. */
  async delete(address: string, condition: DeleteCondition): Promise<boolean> {
    const input: DeleteItemCommandInput = { TableName: this.tableName, Key: { [TABLE.partitionKey]: { S: address } } };
    if (condition !== 'always') {
      const [expression, value] = 'expiresAt' in condition ? ['#exp = :v', condition.expiresAt] : ['#exp <= :v', condition.expiredBy];
      input.ConditionExpression = expression;
      input.ExpressionAttributeNames = { '#exp': TABLE.expiryAttribute };
      input.ExpressionAttributeValues = { ':v': { N: String(value) } };
    }
    try {
      await this.client.send(new DeleteItemCommand(input));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}

function newItem(intent: BlockIntent, now: Date): Record<string, AttributeValue> {
  return {
    [TABLE.partitionKey]: { S: intent.address },
    [TABLE.versionAttribute]: { N: String(intent.version) },
    [TABLE.expiryAttribute]: { N: String(intent.expiresAt) },
    findingId: { S: intent.findingId },
    findingType: { S: intent.findingType },
    severity: { N: String(intent.severity) },
    action: { S: intent.action },
    updatedAt: { S: now.toISOString() },
    firstBlockedAt: { S: now.toISOString() },
    offences: { N: '1' },
  };
}

function numberOf(value: AttributeValue | undefined): number | undefined {
  if (!value || value.N === undefined) return undefined;
  const n = Number(value.N);
  return Number.isFinite(n) ? n : undefined;
}

function toRecord(item: Record<string, AttributeValue>): BlockRecord | undefined {
  const address = item[TABLE.partitionKey]?.S;
  const version = numberOf(item[TABLE.versionAttribute]);
  const expiresAt = numberOf(item[TABLE.expiryAttribute]);
  if (address === undefined || (version !== 4 && version !== 6) || expiresAt === undefined) return undefined;
  return {
    address,
    version,
    expiresAt,
    findingId: item.findingId?.S,
    findingType: item.findingType?.S,
    severity: numberOf(item.severity),
  };
}
