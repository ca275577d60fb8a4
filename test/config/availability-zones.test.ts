import * as fs from 'fs';
import * as path from 'path';
import { annotationHint, availabilityZonesContextKey, unpinnedAvailabilityZones } from '../../lib/config/availability-zones';
import { configurationNotices } from '../../lib/config/notices';
import { loadFile } from './support';

const cdkJsonContext = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'cdk.json'), 'utf8')).context as Record<string, unknown>;

describe('availability zones not pinned for the configured account and region', () => {
  test("the default configuration's zones are pinned in cdk.json: no notice but its placeholders", () => {
    const config = loadFile({});
    expect(unpinnedAvailabilityZones(config, cdkJsonContext)).toEqual([]);
    expect(configurationNotices(config, cdkJsonContext).every((line) => line.startsWith('UNSET '))).toBe(true);
  });

  test('a real account names the exact context keys to add for both regions, with an example and the alternative', () => {
    const config = loadFile({ account: '111111111111' });
    const unpinned = unpinnedAvailabilityZones(config, cdkJsonContext);
    expect(unpinned.map((u) => u.key)).toEqual([
      'availability-zones:account=111111111111:region=ap-northeast-1',
      'availability-zones:account=111111111111:region=ap-northeast-3',
    ]);
    const notices = configurationNotices(config, cdkJsonContext).filter((l) => l.startsWith('NOTICE '));
    expect(notices).toHaveLength(2);
    expect(notices[0]).toContain('"availability-zones:account=111111111111:region=ap-northeast-1": ["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"]');
    expect(notices[0]).toMatch(/or synthesize once with credentials for account 111111111111/);
  });

  test('a failed lookup recorded in the context (what the CLI passes back without credentials) is still unpinned', () => {
    const config = loadFile({ account: '111111111111' });
    const key = availabilityZonesContextKey('111111111111', 'ap-northeast-1');
    const context = { ...cdkJsonContext, [key]: { $providerError: 'Need to perform AWS calls for account 111111111111, but no credentials have been configured' } };
    expect(unpinnedAvailabilityZones(config, context).map((u) => u.region)).toEqual(['ap-northeast-1', 'ap-northeast-3']);
    expect(unpinnedAvailabilityZones(config, { ...context, [key]: ['ap-northeast-1a', 'ap-northeast-1c'] }).map((u) => u.region)).toEqual(['ap-northeast-3']);
  });

  test("the synth summary's hint for CDK's lookup annotation names the key of the annotated stack's region", () => {
    const hint = annotationHint('Need to perform AWS calls for account 111111111111, but no credentials have been configured', 'ap-northeast-3');
    expect(hint).toContain('"availability-zones:account=111111111111:region=ap-northeast-3"');
    expect(annotationHint('Some other annotation', 'ap-northeast-1')).toBeUndefined();
  });
});
