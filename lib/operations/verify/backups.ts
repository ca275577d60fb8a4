import { BackupJob, CopyJob, ListBackupJobsCommand, ListCopyJobsCommand } from '@aws-sdk/client-backup';
import { backupVaultName, drBackupVaultArn } from '../../data/names';
import { Check, CheckResult, fail, pass, warn } from '../check';
import { RESOURCES } from '../deployment';
import { VerifyContext } from './context';

/** The plan runs nightly (lib/data/backup-plan.ts): a healthy deployment has a job within 26 hours. */
export const BACKUP_WINDOW_HOURS = 26;

const partitionOf = (region: string) => (region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws');

export interface JobFacts {
  readonly id: string;
  readonly state: string;
  readonly created: Date;
  readonly message?: string;
}

/**
 * The newest job decides (AWS Backup job states: https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupJob.html).
 * No job yet within a day of the Data stack's creation is the first night still to come.
 */
export function evaluateJobs(kind: 'backup' | 'DR copy', jobs: readonly JobFacts[], dataStackCreated: Date | undefined, now: Date, region: string): CheckResult {
  const check = `last ${kind} job`;
  const recent = jobs.filter((j) => now.getTime() - j.created.getTime() <= BACKUP_WINDOW_HOURS * 3_600_000).sort((a, b) => b.created.getTime() - a.created.getTime());
  const newest = recent[0];
  if (!newest) {
    const young = dataStackCreated && now.getTime() - dataStackCreated.getTime() < BACKUP_WINDOW_HOURS * 3_600_000;
    const detail = `no ${kind} job in the last ${BACKUP_WINDOW_HOURS} hours`;
    return young
      ? warn(check, `${detail}; the Data stack is younger than that`, 'Rerun after the first backup window (data.backupWindowUtc), or start an on-demand backup to prove it.', region)
      : fail(check, detail, 'Check the backup plan\'s selection and its role, and the backup-job alerts on the alarm topic.', region);
  }
  if (newest.state === 'COMPLETED') return pass(check, `${newest.id} COMPLETED at ${newest.created.toISOString()}`, region);
  if (['CREATED', 'PENDING', 'RUNNING'].includes(newest.state)) {
    const done = recent.find((j) => j.state === 'COMPLETED');
    return done ? pass(check, `${newest.id} ${newest.state}; previous ${done.id} COMPLETED`, region) : warn(check, `${newest.id} ${newest.state}`, 'Rerun when the job ends.', region);
  }
  return fail(check, `${newest.id} ${newest.state}${newest.message ? `: ${newest.message}` : ''}`, kind === 'backup' ? 'Read the job\'s status message; fix the role or the vault\'s key policy and start a backup on demand.' : 'Read the copy job\'s message: the DR vault\'s key must allow the backup role, and the DR vault must exist.', region);
}

export const backupsCheck: Check<VerifyContext> = {
  name: 'backups',
  async run({ config, clients, deployment, now }) {
    const region = config.primaryRegion;
    const vault = (await deployment.physicalId(RESOURCES.backupVault)) ?? backupVaultName(config);
    const since = new Date(now.getTime() - BACKUP_WINDOW_HOURS * 3_600_000);
    const backup = clients.client('backup', region);
    const backupJobs: BackupJob[] = [];
    let token: string | undefined;
    do {
      const out = await backup.send(new ListBackupJobsCommand({ ByBackupVaultName: vault, ByCreatedAfter: since, NextToken: token }));
      backupJobs.push(...(out.BackupJobs ?? []));
      token = out.NextToken;
    } while (token);
    // Copy jobs are listed in the source region (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ListCopyJobs.html).
    const drVault = await deployment.physicalId(RESOURCES.drBackupVault);
    const drVaultArn = drVault ? `arn:${partitionOf(config.drRegion)}:backup:${config.drRegion}:${config.account}:backup-vault:${drVault}` : drBackupVaultArn(config);
    const copyJobs: CopyJob[] = [];
    token = undefined;
    do {
      const out: { CopyJobs?: CopyJob[]; NextToken?: string } = await backup.send(new ListCopyJobsCommand({ ByDestinationVaultArn: drVaultArn, ByCreatedAfter: since, NextToken: token }));
      copyJobs.push(...(out.CopyJobs ?? []));
      token = out.NextToken;
    } while (token);
    const created = (await deployment.stack('Data'))?.CreationTime;
    return [
      evaluateJobs('backup', backupJobs.map((j) => ({ id: j.BackupJobId!, state: j.State!, created: j.CreationDate!, message: j.StatusMessage })), created, now, region),
      evaluateJobs('DR copy', copyJobs.map((j) => ({ id: j.CopyJobId!, state: j.State!, created: j.CreationDate!, message: j.StatusMessage })), created, now, region),
    ];
  },
};
