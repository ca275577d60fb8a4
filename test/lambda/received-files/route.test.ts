import { NoSuchObjectVersion, ObjectStore, ObjectVersion, quarantineKey } from '../../../lambda/received-files/quarantine';
import { ConfigError, RouteDeps, handleScanResult, loadConfig } from '../../../lambda/received-files/route';
import { InvalidScanEvent } from '../../../lambda/received-files/scan-result';
import { UPLOAD_BUCKET, scanEvent } from './scan-events';

const QUARANTINE = 'hardened-files-quarantine';

/** An in-memory S3 of object versions: just enough to check what the mover does, in which order. */
class FakeStore implements ObjectStore {
  readonly versions = new Set<string>();
  readonly objects = new Map<string, Record<string, string>>();
  readonly calls: string[] = [];
  failCopy?: Error;

  static id(v: ObjectVersion) {
    return `${v.bucket}/${v.key}@${v.versionId}`;
  }
  async exists(bucket: string, key: string) {
    this.calls.push('exists');
    return this.objects.has(`${bucket}/${key}`);
  }
  async copyVersion(source: ObjectVersion, target: { bucket: string; key: string }, metadata: Record<string, string>) {
    this.calls.push('copy');
    if (this.failCopy) throw this.failCopy;
    if (!this.versions.has(FakeStore.id(source))) throw new NoSuchObjectVersion(source);
    this.objects.set(`${target.bucket}/${target.key}`, metadata);
  }
  async deleteVersion(source: ObjectVersion) {
    this.calls.push('delete');
    this.versions.delete(FakeStore.id(source));
  }
}

const event = scanEvent();
const source = { bucket: UPLOAD_BUCKET, key: event.detail.s3ObjectDetails.objectKey, versionId: event.detail.s3ObjectDetails.versionId };
let store: FakeStore;
let lines: Record<string, any>[];
let deps: RouteDeps;

beforeEach(() => {
  store = new FakeStore();
  store.versions.add(FakeStore.id(source));
  lines = [];
  deps = { config: { uploadBucket: UPLOAD_BUCKET, quarantineBucket: QUARANTINE, uploadRetentionDays: 7 }, store, log: (l) => lines.push(l), requestId: 'req-1' };
});

describe('an infected file (THREATS_FOUND)', () => {
  test('the scanned version is copied to quarantine with its scan facts, then deleted; one log line says so', async () => {
    await handleScanResult(event, deps);
    const key = quarantineKey(source);
    expect(key).toBe(`infected/${UPLOAD_BUCKET}/${source.versionId}/${source.key}`);
    expect(store.calls).toEqual(['exists', 'copy', 'delete']);
    expect(store.versions.size).toBe(0);
    expect(store.objects.get(`${QUARANTINE}/${key}`)).toMatchObject({ 'scan-status': 'THREATS_FOUND', threats: 'EICAR-Test-File (not a virus)', 'source-version-id': source.versionId });
    expect(lines).toEqual([
      expect.objectContaining({ level: 'WARN', event: 'quarantined', requestId: 'req-1', scanEventId: event.id, key: source.key, threats: ['EICAR-Test-File (not a virus)'], quarantineKey: key }),
    ]);
  });

  test('a redelivered event finds its copy, copies nothing again, and still removes the version', async () => {
    await handleScanResult(event, deps);
    store.versions.add(FakeStore.id(source)); // as if the first delete had not happened
    store.calls.length = 0;
    await handleScanResult(event, deps);
    expect(store.calls).toEqual(['exists', 'delete']);
    expect(store.versions.size).toBe(0);
    expect(lines.map((l) => l.event)).toEqual(['quarantined', 'already-quarantined']);
  });

  test('a version that is gone and was never copied is reported, not retried', async () => {
    store.versions.clear();
    await handleScanResult(event, deps);
    expect(store.calls).toEqual(['exists', 'copy']);
    expect(lines).toEqual([expect.objectContaining({ level: 'WARN', event: 'source-missing' })]);
  });

  test('an S3 failure is thrown (Lambda retries, then the dead-letter queue) and nothing is deleted', async () => {
    store.failCopy = new Error('AccessDenied');
    await expect(handleScanResult(event, deps)).rejects.toThrow('AccessDenied');
    expect(store.calls).not.toContain('delete');
    expect(store.versions.size).toBe(1);
  });

  test('without a version id nothing is moved: the key may already hold a newer upload', async () => {
    await handleScanResult(scanEvent({ versionId: null }), deps);
    expect(store.calls).toEqual([]);
    expect(lines).toEqual([expect.objectContaining({ event: 'ignored', reason: expect.stringMatching(/versionId/) })]);
  });
});

describe('other results touch nothing and log one line', () => {
  test.each([
    ['NO_THREATS_FOUND', 'INFO', 'released'],
    ['UNSUPPORTED', 'WARN', 'not-scanned'],
    ['ACCESS_DENIED', 'WARN', 'not-scanned'],
    ['FAILED', 'WARN', 'not-scanned'],
  ])('%s → %s %s', async (status, level, name) => {
    await handleScanResult(scanEvent({ status }), deps);
    expect(store.calls).toEqual([]);
    expect(lines).toEqual([expect.objectContaining({ level, event: name, scanStatus: status, key: source.key })]);
  });

  test('a result for another bucket is ignored', async () => {
    await handleScanResult(scanEvent({ bucket: 'someone-elses-bucket' }), deps);
    expect(store.calls).toEqual([]);
    expect(lines).toEqual([expect.objectContaining({ event: 'ignored' })]);
  });

  test('an event that is not a scan result throws', async () => {
    await expect(handleScanResult({ 'detail-type': 'GuardDuty Finding' }, deps)).rejects.toThrow(InvalidScanEvent);
  });
});

describe('loadConfig', () => {
  test('reads the environment the construct sets', () => {
    expect(loadConfig({ UPLOAD_BUCKET: 'u', QUARANTINE_BUCKET: 'q', UPLOAD_RETENTION_DAYS: '7' })).toEqual({ uploadBucket: 'u', quarantineBucket: 'q', uploadRetentionDays: 7 });
  });
  test('reports every problem at once, by variable name', () => {
    expect(() => loadConfig({ UPLOAD_BUCKET: 'same', QUARANTINE_BUCKET: 'same', UPLOAD_RETENTION_DAYS: 'x' })).toThrow(ConfigError);
    let error: unknown;
    try {
      loadConfig({ QUARANTINE_BUCKET: '', UPLOAD_RETENTION_DAYS: '0' });
    } catch (e) {
      error = e;
    }
    expect((error as ConfigError).problems).toEqual(['UPLOAD_BUCKET is not set', 'QUARANTINE_BUCKET is empty', expect.stringMatching(/^UPLOAD_RETENTION_DAYS: got "0"/)]);
  });
});
