/** Scan-result events shaped like the documented sample (fixtures/malware-scan-result.json). */
import sample from '../fixtures/malware-scan-result.json';

export const UPLOAD_BUCKET = sample.detail.s3ObjectDetails.bucketName;

export function scanEvent(over: { status?: string; bucket?: string; key?: string; versionId?: string | null; threats?: string[]; id?: string } = {}): any {
  const event = JSON.parse(JSON.stringify(sample));
  const object = event.detail.s3ObjectDetails;
  if (over.id) event.id = over.id;
  if (over.bucket) object.bucketName = over.bucket;
  if (over.key) object.objectKey = over.key;
  if (over.versionId === null) delete object.versionId;
  else if (over.versionId) object.versionId = over.versionId;
  if (over.status) event.detail.scanResultDetails.scanResultStatus = over.status;
  if (over.threats) event.detail.scanResultDetails.threats = over.threats.map((name) => ({ name }));
  if (over.status && over.status !== 'THREATS_FOUND' && !over.threats) delete event.detail.scanResultDetails.threats;
  return event;
}
