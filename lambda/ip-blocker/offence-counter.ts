/**
 * Counts an address's offences of one source for the "N in M minutes" thresholds, in the block
 * table itself (one more item per address and source, so the blocker's role still touches only
 * its table): `offences#<source>#<address>` holds the set of `<epoch seconds>|<offence id>`.
 * A set makes a replayed offence count once; the item carries no `ipVersion`, so it is neither in
 * the expiry index nor in the reconciler's scans, and its `expiresAt` lets the table's TTL delete
 * it once the window has passed.
 */
import { DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { TABLE } from '../shared/contracts/ip-blocker';
import { LogSource } from './offence';

export interface Hit {
  readonly id: string;
  /** Epoch seconds. */
  readonly at: number;
}

export interface Tally {
  /** Distinct offences in the window that ends with the newest offence just added. */
  readonly inWindow: number;
  /** That newest offence (epoch seconds): the block runs from it. */
  readonly latest: number;
}

type DynamoSend = Pick<DynamoDBClient, 'send'>;

/** Stale offence ids kept before the item is pruned (an item holds at most 400 KB). */
export const PRUNE_AT = 100;

export const counterKey = (source: LogSource, entry: string) => `offences#${source}#${entry}`;

export class OffenceCounter {
  constructor(
    private readonly client: DynamoSend,
    private readonly tableName: string,
  ) {}

  /**
   * Adds the hits (idempotently) and counts the address's offences in the window ending with the
   * newest of them. Windows that ended earlier are not looked at again: a block that expired is not
   * renewed by offences already counted once.
   */
  async add(source: LogSource, entry: string, hits: readonly Hit[], windowSeconds: number): Promise<Tally> {
    const members = [...new Set(hits.map((h) => `${h.at}|${h.id}`))];
    const newest = Math.max(...hits.map((h) => h.at));
    const out = await this.client.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: { [TABLE.partitionKey]: { S: counterKey(source, entry) } },
        UpdateExpression: 'ADD #hits :hits SET #exp = :exp',
        ExpressionAttributeNames: { '#hits': 'hits', '#exp': TABLE.expiryAttribute },
        // The table's TTL removes the item an hour after the window of its newest offence.
        ExpressionAttributeValues: { ':hits': { SS: members }, ':exp': { N: String(newest + windowSeconds + 3600) } },
        ReturnValues: 'ALL_NEW',
      }),
    );
    const recorded = out.Attributes?.hits?.SS ?? members;
    const times = recorded.map((m) => Number(m.slice(0, m.indexOf('|')))).filter(Number.isFinite);
    // A steady trickle below the threshold keeps the item alive: forget offences that can no longer
    // fall in any window, once there are enough of them to be worth a write.
    const stale = recorded.filter((m) => Number(m.slice(0, m.indexOf('|'))) <= newest - windowSeconds);
    if (stale.length >= PRUNE_AT) {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: { [TABLE.partitionKey]: { S: counterKey(source, entry) } },
          UpdateExpression: 'DELETE #hits :stale',
          ExpressionAttributeNames: { '#hits': 'hits' },
          ExpressionAttributeValues: { ':stale': { SS: stale } },
        }),
      );
    }
    return tally(times, newest, windowSeconds);
  }
}

/** Offences in the window (end − windowSeconds, end]: "N in M minutes" up to the offence at `end`. */
export function tally(times: readonly number[], end: number, windowSeconds: number): Tally {
  return { inWindow: times.filter((t) => t <= end && t > end - windowSeconds).length, latest: end };
}
