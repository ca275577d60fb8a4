/**
 * WAF's 10,000-address limit at full scale: 12,000 distinct attackers in 120 findings. Run by
 * `npm run bench` (minutes against moto); test/lambda/ip-blocker/capacity.integration.test.ts runs it scaled down.
 */
import { useMotoServer } from '../support/aws-fixture';
import { runCapacityScenario } from '../support/capacity-scenario';

jest.setTimeout(600_000);

const moto = useMotoServer();

test('12,000 distinct addresses: the set never exceeds 10,000 and the evicted ones are those nearest to expiry', async () => {
  await runCapacityScenario(moto(), { findings: 120, perFinding: 100, limit: 10_000 });
});
