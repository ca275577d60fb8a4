import { MalformedFindingError, fromSdkFinding, parseEvent, parseFinding } from '../../../lambda/ip-blocker/finding';
import { loadEvent, loadSdkFindings } from '../fixtures/events';

describe('address extraction from GuardDuty findings', () => {
  test('inbound network connection: the remote address', () => {
    const f = parseEvent(loadEvent('network-connection-inbound'));
    expect(f.id).toBe('f2c6b2a1d4e84c0c9a3b7d5e1f0a9b21');
    expect(f.type).toBe('UnauthorizedAccess:EC2/SSHBruteForce');
    expect(f.addresses).toEqual([{ text: '45.155.205.233', action: 'networkConnection' }]);
    expect(f.ignored).toEqual([]);
    expect(f.lastSeenAt?.toISOString()).toBe('2025-06-02T08:09:51.000Z');
  });

  test('outbound network connection: the destination is not an attacker', () => {
    const f = parseEvent(loadEvent('network-connection-outbound'));
    expect(f.addresses).toEqual([]);
    expect(f.ignored).toEqual([{ text: '91.92.109.17', action: 'networkConnection', reason: 'not-inbound' }]);
  });

  test('connection of unknown direction is not treated as inbound', () => {
    const event = loadEvent('network-connection-inbound');
    event.detail.service.action.networkConnectionAction.connectionDirection = 'UNKNOWN';
    expect(parseEvent(event).addresses).toEqual([]);
  });

  test('port probe: every prober, IPv4 and IPv6', () => {
    const f = parseEvent(loadEvent('port-probe'));
    expect(f.addresses).toEqual([
      { text: '185.220.101.4', action: 'portProbe' },
      { text: '80.82.77.139', action: 'portProbe' },
      { text: '185.220.101.4', action: 'portProbe' },
      { text: '2a03:b0c0:3:d0::1a:f001', action: 'portProbe' },
    ]);
  });

  test('AWS API call from a remote IP', () => {
    expect(parseEvent(loadEvent('aws-api-call')).addresses).toEqual([{ text: '103.251.167.20', action: 'awsApiCall' }]);
  });

  test('API call from another AWS account carries no address', () => {
    const event = loadEvent('aws-api-call');
    const call = event.detail.service.action.awsApiCallAction;
    delete call.remoteIpDetails;
    call.remoteAccountDetails = { accountId: '210987654321', affiliated: false };
    expect(parseEvent(event).addresses).toEqual([]);
  });

  test('RDS login attempt', () => {
    expect(parseEvent(loadEvent('rds-login')).addresses).toEqual([{ text: '141.98.11.60', action: 'rdsLoginAttempt' }]);
  });

  test('Kubernetes API call: remoteIpDetails, not sourceIPs (which include proxies)', () => {
    const f = parseEvent(loadEvent('kubernetes-api'));
    expect(f.addresses).toEqual([{ text: '2A01:04F8:0C17:0B8F:0000:0000:0000:0002', action: 'kubernetesApiCall' }]);
  });

  test('DNS request findings carry no address', () => {
    const f = parseEvent(loadEvent('dns-request'));
    expect(f.addresses).toEqual([]);
    expect(f.ignored).toEqual([]);
  });

  test('sample and archived flags', () => {
    expect(parseEvent(loadEvent('sample-finding')).sample).toBe(true);
    expect(parseEvent(loadEvent('network-connection-inbound')).sample).toBe(false);
    const archived = loadEvent('rds-login');
    archived.detail.service.archived = true;
    expect(parseEvent(archived).archived).toBe(true);
  });

  test('GetFindings (SDK) shape gives the same reading, sample flag from AdditionalInfo.Value', () => {
    const [rdp, sample] = loadSdkFindings().map(fromSdkFinding);
    expect(rdp.id).toBe('e1d2c3b4a5f64e7d8c9b0a1f2e3d4c5b');
    expect(rdp.severity).toBe(8);
    expect(rdp.sample).toBe(false);
    expect(rdp.addresses).toEqual([{ text: '195.178.110.163', action: 'networkConnection' }]);
    expect(rdp.lastSeenAt?.toISOString()).toBe('2025-06-02T15:58:45.000Z');
    expect(sample.sample).toBe(true);
  });

  test('a non-string address is kept so that it is reported as malformed', () => {
    const event = loadEvent('rds-login');
    event.detail.service.action.rdsLoginAttemptAction.remoteIpDetails.ipAddressV4 = 1234;
    expect(parseEvent(event).addresses).toEqual([{ text: '1234', action: 'rdsLoginAttempt' }]);
  });

  test.each([
    ['not an object', 'nope'],
    ['another source', { ...loadEvent('rds-login'), source: 'aws.securityhub' }],
    ['another detail-type', { ...loadEvent('rds-login'), 'detail-type': 'GuardDuty Malware Protection Object Scan Result' }],
    ['no detail', { ...loadEvent('rds-login'), detail: undefined }],
  ])('malformed event (%s) is rejected with MalformedFindingError', (_, event) => {
    expect(() => parseEvent(event)).toThrow(MalformedFindingError);
  });

  test.each([
    ['no id', { type: 'X', severity: 5 }],
    ['blank id', { id: ' ', type: 'X', severity: 5 }],
    ['no type', { id: 'a', severity: 5 }],
    ['string severity', { id: 'a', type: 'X', severity: '8' }],
  ])('finding with %s is rejected', (_, detail) => {
    expect(() => parseFinding(detail)).toThrow(MalformedFindingError);
  });
});
