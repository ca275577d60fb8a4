/**
 * The blocker's Powertools plumbing as CloudWatch would read it: EMF lines under exactly the
 * namespace and dimensions the IpBlocker construct's alarms use (lib/threat/ip-blocker.ts:
 * `Function`, and `Function` × `IpVersion` for set sizes), and log lines with the invocation's
 * context, cold-start flag and the finding id as correlation id.
 */
import { METRIC } from '../../../lambda/shared/contracts/ip-blocker';
import { createRuntime } from '../../../lambda/ip-blocker/runtime';
import { captureStdout } from '../../support/aws-fixture';

const env = {
  TABLE_NAME: 'blocks',
  IPV4_SET_ARN: 'arn:aws:wafv2:ap-northeast-1:123456789012:regional/ipset/blocked-v4/a1b2c3d4-0000-4000-8000-000000000001',
  IPV6_SET_ARN: 'arn:aws:wafv2:ap-northeast-1:123456789012:regional/ipset/blocked-v6/a1b2c3d4-0000-4000-8000-000000000002',
  BLOCK_TTL_SECONDS: '86400',
  MIN_SEVERITY: '7',
  NEVER_BLOCK: '',
  OWN_CIDRS: '',
  METRICS_NAMESPACE: 'Test/IpBlocker',
  AWS_REGION: 'ap-northeast-1',
};

let out: ReturnType<typeof captureStdout>;
beforeEach(() => {
  out = captureStdout();
});
afterEach(() => out.restore());

test('counters are one EMF line under Function only (zeros included); each set size under Function × IpVersion', () => {
  const deps = createRuntime(env, 'reconciler').deps({ awsRequestId: 'r1' });
  deps.metrics.count(METRIC.blocked);
  deps.metrics.count(METRIC.blocked, 2);
  deps.metrics.setSize(4, 17);
  deps.metrics.setSize(6, 3);
  deps.metrics.flush();

  const emf = out.lines().filter((l) => l._aws);
  expect(emf).toHaveLength(3);
  const [counters, v4, v6] = emf;
  expect(counters._aws.CloudWatchMetrics).toEqual([
    {
      Namespace: 'Test/IpBlocker',
      Dimensions: [['Function']],
      Metrics: ['Blocked', 'Skipped', 'Evicted', 'Unblocked', 'WafUpdateCalls', 'WafRetries'].map((Name) => ({ Name, Unit: 'Count' })),
    },
  ]);
  expect(counters).toMatchObject({ Function: 'reconciler', Blocked: 3, Skipped: 0, Evicted: 0 });
  expect(v4._aws.CloudWatchMetrics[0]).toEqual({ Namespace: 'Test/IpBlocker', Dimensions: [['Function', 'IpVersion']], Metrics: [{ Name: 'SetSize', Unit: 'Count' }] });
  expect(v4).toMatchObject({ Function: 'reconciler', IpVersion: 'IPv4', SetSize: 17 });
  expect(v6).toMatchObject({ Function: 'reconciler', IpVersion: 'IPv6', SetSize: 3 });
  // Powertools' default `service` dimension would make these other metrics than the alarms'.
  for (const line of emf) expect(line).not.toHaveProperty('service');
});

test('log lines carry the event, the request id, the cold-start flag and the finding id; the next invocation starts clean', () => {
  // Lambda sets this in on-demand environments; Powertools reports a cold start only there.
  // https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime
  process.env.AWS_LAMBDA_INITIALIZATION_TYPE = 'on-demand';
  const runtime = createRuntime(env, 'blocker');
  delete process.env.AWS_LAMBDA_INITIALIZATION_TYPE;
  runtime.deps({ awsRequestId: 'r1', functionName: 'blocker-fn' }, { id: 'e1', detail: { id: 'finding-1' } }).log.info('skip', { reason: 'low-severity' });
  runtime.deps({ awsRequestId: 'r2' }, { id: 'e2', detail: {} }).log.warn('invalid-event', { reason: 'malformed-event' });

  const [first, second] = out.lines();
  expect(first).toMatchObject({
    level: 'INFO',
    message: 'skip',
    event: 'skip',
    reason: 'low-severity',
    service: 'ip-blocker',
    function: 'ip-blocker-blocker',
    requestId: 'r1',
    function_request_id: 'r1',
    function_name: 'blocker-fn',
    cold_start: true,
    correlation_id: 'finding-1',
  });
  expect(second).toMatchObject({ level: 'WARN', event: 'invalid-event', requestId: 'r2', cold_start: false });
  expect(second).not.toHaveProperty('correlation_id');
  expect(second).not.toHaveProperty('reason', 'low-severity');
});
