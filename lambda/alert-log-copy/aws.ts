/**
 * The boundary: S3 and CloudWatch Logs behind the ports of copy.ts, built once per execution
 * environment with the configuration read (and checked) at module load.
 */
import { Readable } from 'node:stream';
import { CloudWatchLogsClient, CreateLogStreamCommand, GetLogEventsCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { rejectedCount } from './alert-lines';
import { CopyConfig, loadConfig } from './config';
import { AlertArchive, AlertLogGroup, CopyDeps } from './copy';
import { EventLog } from '../shared/observability';

export function s3Archive(s3: S3Client): AlertArchive {
  return {
    open: async ({ bucket, key }) => {
      const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      if (!(out.Body instanceof Readable)) throw new Error(`GetObject s3://${bucket}/${key} returned no body stream`);
      return out.Body;
    },
  };
}

export function cloudWatchLogGroup(logs: CloudWatchLogsClient, logGroupName: string): AlertLogGroup {
  return {
    openStream: async (logStreamName) => {
      try {
        await logs.send(new CreateLogStreamCommand({ logGroupName, logStreamName }));
        return 'created';
      } catch (error) {
        if ((error as Error).name === 'ResourceAlreadyExistsException') return 'existing';
        throw error;
      }
    },
    lastEvent: async (logStreamName) => {
      const out = await logs.send(new GetLogEventsCommand({ logGroupName, logStreamName, startFromHead: false, limit: 1 }));
      const newest = out.events?.[0];
      return newest?.timestamp !== undefined && newest.message !== undefined ? { timestamp: newest.timestamp, message: newest.message } : undefined;
    },
    put: async (logStreamName, batch) => {
      const out = await logs.send(
        new PutLogEventsCommand({ logGroupName, logStreamName, logEvents: batch.map(({ timestamp, message }) => ({ timestamp, message })) }),
      );
      return rejectedCount(out.rejectedLogEventsInfo, batch.length);
    },
  };
}

export interface Runtime {
  readonly config: CopyConfig;
  /** Dependencies of one invocation. */
  deps(log: EventLog): CopyDeps;
}

export function createRuntime(env: Readonly<Record<string, string | undefined>>): Runtime {
  const config = loadConfig(env);
  const archive = s3Archive(new S3Client({}));
  const logGroup = cloudWatchLogGroup(new CloudWatchLogsClient({}), config.logGroupName);
  return { config, deps: (log) => ({ config, archive, logGroup, log, nowMs: Date.now() }) };
}
