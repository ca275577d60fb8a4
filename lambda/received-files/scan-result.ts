/** The GuardDuty "Malware Protection Object Scan Result" event, parsed and checked. */
import { SCAN_RESULT_DETAIL_TYPE, SCAN_RESULT_STATUSES, ScanResultStatus } from '../shared/contracts/received-files';

export interface ScanResult {
  /** The EventBridge event id (the same on a redelivery). */
  readonly eventId: string;
  /** The malware protection plan that scanned the object (the event's first resource). */
  readonly planArn?: string;
  readonly bucket: string;
  readonly key: string;
  /** The scanned version (always present on a versioned bucket). */
  readonly versionId?: string;
  readonly status: ScanResultStatus;
  /** Names of the threats found (empty unless THREATS_FOUND). */
  readonly threats: string[];
}

/** The event is not a scan result this function can act on; lists every problem. */
export class InvalidScanEvent extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid scan-result event: ${problems.join('; ')}`);
    this.name = 'InvalidScanEvent';
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads the fields the routing needs:
 * `detail.s3ObjectDetails.{bucketName, objectKey, versionId}` and
 * `detail.scanResultDetails.{scanResultStatus, threats[].name}`. Throws InvalidScanEvent.
 */
export function parseScanResultEvent(event: unknown): ScanResult {
  const problems: string[] = [];
  const e = isObject(event) ? event : {};
  if (!isObject(event)) problems.push('the event is not an object');
  if (e['detail-type'] !== SCAN_RESULT_DETAIL_TYPE) problems.push(`detail-type: got ${JSON.stringify(e['detail-type'])}; expected "${SCAN_RESULT_DETAIL_TYPE}"`);
  const detail = isObject(e.detail) ? e.detail : {};
  const object = isObject(detail.s3ObjectDetails) ? detail.s3ObjectDetails : {};
  const result = isObject(detail.scanResultDetails) ? detail.scanResultDetails : {};
  const text = (value: unknown, field: string): string => {
    if (typeof value === 'string' && value !== '') return value;
    problems.push(`${field}: got ${JSON.stringify(value)}; expected a non-empty string`);
    return '';
  };
  const bucket = text(object.bucketName, 'detail.s3ObjectDetails.bucketName');
  const key = text(object.objectKey, 'detail.s3ObjectDetails.objectKey');
  const status = result.scanResultStatus;
  if (!(SCAN_RESULT_STATUSES as readonly unknown[]).includes(status)) {
    problems.push(`detail.scanResultDetails.scanResultStatus: got ${JSON.stringify(status)}; expected one of ${SCAN_RESULT_STATUSES.join(', ')}`);
  }
  if (problems.length > 0) throw new InvalidScanEvent(problems);
  const threats = (Array.isArray(result.threats) ? result.threats : [])
    .map((t: unknown) => (isObject(t) && typeof t.name === 'string' ? t.name : undefined))
    .filter((name: string | undefined): name is string => name !== undefined);
  return {
    eventId: typeof e.id === 'string' ? e.id : '',
    planArn: Array.isArray(e.resources) && typeof e.resources[0] === 'string' ? e.resources[0] : undefined,
    bucket,
    key,
    versionId: typeof object.versionId === 'string' && object.versionId !== '' ? object.versionId : undefined,
    status: status as ScanResultStatus,
    threats,
  };
}
