import {
  AttributeValue,
  ConditionalCheckFailedException,
  DeleteItemCommand,
  DynamoDBClient,
  QueryCommand,
  ScanCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { IpVersion } from './config';
import { TABLE } from './contract';
import { BlockIntent } from './decide';
import { BlockRecord, ExpiringEntry } from './set-plan';

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

type DynamoSend = Pick<DynamoDBClient, 'send'>;

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

  /** Records many intents, a few at a time. */
  async recordAll(intents: readonly BlockIntent[], now: Date, concurrency = 16): Promise<Recorded[]> {
    const out: Recorded[] = new Array(intents.length);
    let next = 0;
    const worker = async () => {
      while (next < intents.length) {
        const i = next++;
        out[i] = await this.record(intents[i], now);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, intents.length) }, worker));
    return out;
  }

  /** Blocks of one IP version, soonest expiry first, read from the expiry index page by page. */
  async *soonestExpiring(version: IpVersion, pageSize = 200): AsyncGenerator<ExpiringEntry> {
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
    const conditional =
      condition === 'always'
        ? {}
        : 'expiresAt' in condition
          ? { ConditionExpression: '#exp = :exp', ExpressionAttributeValues: { ':exp': { N: String(condition.expiresAt) } } }
          : { ConditionExpression: '#exp <= :now', ExpressionAttributeValues: { ':now': { N: String(condition.expiredBy) } } };
    try {
      await this.client.send(
        new DeleteItemCommand({
          TableName: this.tableName,
          Key: { [TABLE.partitionKey]: { S: address } },
          ...conditional,
          ...(condition === 'always' ? {} : { ExpressionAttributeNames: { '#exp': TABLE.expiryAttribute } }),
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
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
