import { InvalidScanEvent, parseScanResultEvent } from '../../../lambda/received-files/scan-result';
import { scanEvent } from './scan-events';

describe('parseScanResultEvent', () => {
  test('reads bucket, key, version, status, threat names and the plan from the documented shape', () => {
    expect(parseScanResultEvent(scanEvent())).toEqual({
      eventId: '72c7d362-737a-6dce-fc78-9e27a0171419',
      planArn: 'arn:aws:guardduty:ap-northeast-1:123456789012:malware-protection-plan/b4c7f464ab3a4EXAMPLE',
      bucket: 'hardened-files-uploads',
      key: 'incoming/0b7a1c7e-5a4e-4a43-9d2b-6d9f3c1e2a10',
      versionId: 'd41d8cd98f00b204e9800998eEXAMPLE',
      status: 'THREATS_FOUND',
      threats: ['EICAR-Test-File (not a virus)'],
    });
  });

  test('a clean result has no threats; a missing version is left undefined', () => {
    const result = parseScanResultEvent(scanEvent({ status: 'NO_THREATS_FOUND', versionId: null }));
    expect(result).toMatchObject({ status: 'NO_THREATS_FOUND', threats: [], versionId: undefined });
  });

  test('rejects other events, naming every problem', () => {
    const finding = { 'detail-type': 'GuardDuty Finding', detail: { scanResultDetails: { scanResultStatus: 'INFECTED' } } };
    try {
      parseScanResultEvent(finding);
      throw new Error('expected InvalidScanEvent');
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidScanEvent);
      const problems = (e as InvalidScanEvent).problems.join('\n');
      expect(problems).toMatch(/detail-type: got "GuardDuty Finding"/);
      expect(problems).toMatch(/bucketName: got undefined/);
      expect(problems).toMatch(/objectKey: got undefined/);
      expect(problems).toMatch(/scanResultStatus: got "INFECTED"; expected one of NO_THREATS_FOUND, THREATS_FOUND/);
    }
    expect(() => parseScanResultEvent(null)).toThrow(InvalidScanEvent);
  });
});
