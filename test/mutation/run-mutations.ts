/**
 * Child process of the mutation tests (prove.ts): judges the mutations whose ids are given on the
 * command line against one baseline and writes `{ baseline, results }` as JSON to stdout. Plain
 * node runs a mutation in about two thirds of the CPU it takes inside jest's module sandbox, and
 * the jest tests only assert on the results. Started through test/support/esbuild-register.js.
 */
import { DEFAULT_CONFIG } from '../../lib/config/defaults';
import { ALL_MUTATIONS } from '../../lib/mutation/catalog';
import { MutationRunner } from '../../lib/mutation/runner';
import { cdkContext } from '../support/context';

const ids = process.argv.slice(2);
const byId = new Map(ALL_MUTATIONS.map((m) => [m.id, m]));
const unknown = ids.filter((id) => !byId.has(id));
if (unknown.length > 0) {
  process.stderr.write(`unknown mutation ids: ${unknown.join(', ')}\n`);
  process.exit(2);
}
const runner = new MutationRunner({ config: DEFAULT_CONFIG, context: cdkContext() });
const baseline = runner.baselineFindings();
const results = ids.map((id) => runner.run(byId.get(id)!));
process.stdout.write(JSON.stringify({ baseline, results }));
