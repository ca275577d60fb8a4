import { GetFindingsCommand, GuardDutyClient, ListDetectorsCommand, ListFindingsCommand } from '@aws-sdk/client-guardduty';

export interface RecentFindings {
  /** Findings as GetFindings returns them (SDK shape). */
  readonly findings: readonly unknown[];
  /** More findings matched than `max`: the oldest were left out. */
  readonly truncated: boolean;
}

export interface FindingSource {
  recent(options: { readonly since: Date; readonly minSeverity: number; readonly max: number }): Promise<RecentFindings>;
}

type GuardDutySend = Pick<GuardDutyClient, 'send'>;

/** GetFindings takes at most 50 ids. */
const GET_FINDINGS_BATCH = 50;

/**
 * Recent unarchived findings at or above a severity, newest first, from one detector or from
 * every detector the account has in the region.
 */
export class GuardDutyFindingSource implements FindingSource {
  constructor(
    private readonly client: GuardDutySend,
    private readonly detectorId?: string,
  ) {}

  async recent(options: { since: Date; minSeverity: number; max: number }): Promise<RecentFindings> {
    const findings: unknown[] = [];
    let truncated = false;
    for (const detectorId of await this.detectorIds()) {
      const ids: string[] = [];
      let nextToken: string | undefined;
      do {
        const page = await this.client.send(
          new ListFindingsCommand({
            DetectorId: detectorId,
            FindingCriteria: {
              Criterion: {
                // The criterion takes whole numbers; decide() applies the exact threshold.
                severity: { GreaterThanOrEqual: Math.floor(options.minSeverity) },
                updatedAt: { GreaterThanOrEqual: options.since.getTime() },
                'service.archived': { Equals: ['false'] },
              },
            },
            SortCriteria: { AttributeName: 'updatedAt', OrderBy: 'DESC' },
            MaxResults: 50,
            NextToken: nextToken,
          }),
        );
        ids.push(...(page.FindingIds ?? []));
        nextToken = page.NextToken || undefined;
      } while (nextToken && findings.length + ids.length < options.max);
      const room = options.max - findings.length;
      if (ids.length > room || nextToken) truncated = true;
      const wanted = ids.slice(0, room);
      for (let i = 0; i < wanted.length; i += GET_FINDINGS_BATCH) {
        const out = await this.client.send(new GetFindingsCommand({ DetectorId: detectorId, FindingIds: wanted.slice(i, i + GET_FINDINGS_BATCH) }));
        findings.push(...(out.Findings ?? []));
      }
      if (findings.length >= options.max) break;
    }
    return { findings, truncated };
  }

  private async detectorIds(): Promise<string[]> {
    if (this.detectorId) return [this.detectorId];
    const ids: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.client.send(new ListDetectorsCommand({ NextToken: nextToken }));
      ids.push(...(page.DetectorIds ?? []));
      nextToken = page.NextToken || undefined;
    } while (nextToken);
    return ids;
  }
}
