/**
 * The set limit, scaled down: 120 distinct attackers in 12 findings against a limit of 100
 * (MAX_SET_SIZE). The same scenario at WAF's real scale (12,000 against 10,000) runs in
 * `npm run bench` (test/bench/capacity.load-test.ts): minutes against moto, too slow for every change.
 */
import { useMotoServer } from '../../support/aws-fixture';
import { runCapacityScenario } from '../../support/capacity-scenario';

jest.setTimeout(120_000);

const moto = useMotoServer();

test('120 distinct addresses against a limit of 100: the set never exceeds it and the evicted ones are those nearest to expiry', async () => {
  await runCapacityScenario(moto(), { findings: 12, perFinding: 10, limit: 100 });
});
