import { FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { HeadObjectCommand, ListObjectsV2Command, _Object } from '@aws-sdk/client-s3';
import { LOG_ARCHIVE_PREFIXES } from '../../audit/log-archive';
import { Check, CheckResult, fail, pass, warn } from '../check';
import { RESOURCES } from '../deployment';
import { VerifyContext } from './context';

/** FLOW records flow every few minutes while the canary probes the site; ALERT only when a rule alerts. */
export const FLOW_WINDOW_MINUTES = 60;
export const ALERT_WINDOW_HOURS = 24;

/**
 * Where Network Firewall delivers to S3:
 * `<prefix>/AWSLogs/<account>/network-firewall/<log-type>/<region>/<firewall-name>/YYYY/MM/DD/HH/…`
 * (https://docs.aws.amazon.com/network-firewall/latest/developerguide/logging-s3.html).
 */
export function firewallLogPrefix(account: string, region: string, firewallName: string, type: 'alert' | 'flow', day: Date): string {
  const d = day.toISOString().slice(0, 10).replace(/-/g, '/');
  return `${LOG_ARCHIVE_PREFIXES.firewall}/AWSLogs/${account}/network-firewall/${type}/${region}/${firewallName}/${d}/`;
}

export interface ArchivedObject {
  readonly key: string;
  readonly lastModified: Date;
  /** Object Lock on the object (HeadObject), as the archive's default retention applies it. */
  readonly lockMode?: string;
  readonly retainUntil?: Date;
}

/**
 * The newest object of a log type must be recent and locked: vended delivery writes into an
 * Object Lock bucket whose default retention locks each object
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html#object-lock-bucket-config).
 */
export function evaluateArchivedLogs(type: 'alert' | 'flow', newest: ArchivedObject | undefined, now: Date, region: string): CheckResult {
  const check = `firewall ${type.toUpperCase()} logs`;
  const windowMs = type === 'flow' ? FLOW_WINDOW_MINUTES * 60_000 : ALERT_WINDOW_HOURS * 3_600_000;
  const window = type === 'flow' ? `${FLOW_WINDOW_MINUTES} minutes` : `${ALERT_WINDOW_HOURS} hours`;
  if (!newest || now.getTime() - newest.lastModified.getTime() > windowMs) {
    const seen = newest ? `newest ${newest.lastModified.toISOString()}` : 'none';
    if (type === 'alert') {
      return warn(check, `no ALERT object in the last ${window} (${seen})`, 'A quiet day has no alerts: to prove the path, from a task reach a domain off the egress allowlist and rerun in 10 minutes.', region);
    }
    return fail(check, `no FLOW object in the last ${window} (${seen})`, 'Check the firewall\'s logging configuration and the archive bucket policy for delivery.logs.amazonaws.com (SourceAccount/SourceArn).', region);
  }
  if (!newest.lockMode || !newest.retainUntil || newest.retainUntil.getTime() <= now.getTime()) {
    return fail(check, `${newest.key} is not under Object Lock retention`, 'The archive\'s default retention must lock every delivered object (LOG-1): check the bucket\'s Object Lock configuration.', region);
  }
  return pass(check, `newest ${newest.lastModified.toISOString()}, ${newest.lockMode} until ${newest.retainUntil.toISOString().slice(0, 10)}`, region);
}

/** The ALERT copy in CloudWatch Logs follows each ALERT object within minutes (lib/network/firewall-alert-copy.ts). */
export function evaluateAlertCopy(newestAlert: ArchivedObject | undefined, eventsSinceAlert: number, logGroupName: string, now: Date, region: string): CheckResult {
  const check = 'firewall ALERT copy';
  if (!newestAlert || now.getTime() - newestAlert.lastModified.getTime() > ALERT_WINDOW_HOURS * 3_600_000) {
    return warn(check, `nothing to copy: no recent ALERT object`, 'Prove the path with a test alert (see the ALERT logs row), then rerun.', region);
  }
  if (eventsSinceAlert === 0) {
    return fail(check, `${logGroupName}: no event since the ALERT object of ${newestAlert.lastModified.toISOString()}`, 'Check the copy function\'s log and the firewall-alert-copy dead-letter queue (its alarm names the object).', region);
  }
  return pass(check, `${logGroupName}: events since the newest ALERT object`, region);
}

export const firewallLogsCheck: Check<VerifyContext> = {
  name: 'firewall logs',
  async run({ config, clients, deployment, now }) {
    const region = config.primaryRegion;
    const bucket = await deployment.physicalId(RESOURCES.logArchiveBucket);
    if (!bucket) return [fail('firewall logs', 'no log archive bucket: the Audit stack is not deployed', 'Deploy the stacks, then rerun verify.', region)];
    const firewallId = await deployment.physicalId(RESOURCES.firewall);
    const firewallName = firewallId ? firewallId.replace(/^arn:.*:firewall\//, '') : `${config.projectName}-inspection`;
    const s3 = clients.client('s3', region);

    const newestOf = async (type: 'alert' | 'flow'): Promise<ArchivedObject | undefined> => {
      const objects: _Object[] = [];
      for (const day of [now, new Date(now.getTime() - 86_400_000)]) {
        let token: string | undefined;
        do {
          const out = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: firewallLogPrefix(config.account, region, firewallName, type, day), ContinuationToken: token }));
          objects.push(...(out.Contents ?? []));
          token = out.NextContinuationToken;
        } while (token);
      }
      const newest = objects.sort((a, b) => b.LastModified!.getTime() - a.LastModified!.getTime())[0];
      if (!newest) return undefined;
      const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: newest.Key }));
      return { key: newest.Key!, lastModified: newest.LastModified!, lockMode: head.ObjectLockMode, retainUntil: head.ObjectLockRetainUntilDate };
    };

    const flow = await newestOf('flow');
    const alert = await newestOf('alert');
    const results: CheckResult[] = [evaluateArchivedLogs('flow', flow, now, region), evaluateArchivedLogs('alert', alert, now, region)];

    const logGroupName = (await deployment.physicalId(RESOURCES.firewallAlertLogGroup)) ?? `/${config.projectName}/network-firewall/alerts`;
    let events = 0;
    if (alert) {
      // The copy lands after the object: look from a minute before it was written.
      const out = await clients.client('logs', region).send(new FilterLogEventsCommand({ logGroupName, startTime: alert.lastModified.getTime() - 60_000, limit: 1 }));
      events = out.events?.length ?? 0;
    }
    results.push(evaluateAlertCopy(alert, events, logGroupName, now, region));
    return results;
  },
};
