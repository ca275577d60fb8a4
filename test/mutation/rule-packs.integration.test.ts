import { ALL_MUTATIONS } from '../../lib/mutation/catalog';
import { proveByMutation } from './prove';

// Every control the templates can show (NET, LOG, WEB, APP, DATA, MON, FILE, GOV) proven by
// mutation (issue #18), grouped by control. One file, so one child process builds the baselines
// once: the run is CPU-bound on a 2-core runner, and four files each paying for a process start
// and a baseline cost more than their parallelism gained. The heaviest file of the run: it starts
// first even when jest has no timing for it yet (a fresh clone).
// test-weight: 30 s
proveByMutation(ALL_MUTATIONS);
