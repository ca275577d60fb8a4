// The reference application with the shutdown it must NOT have: exit at once on SIGTERM. The
// shutdown test runs the same scenario against it to show that its checks catch dropped requests.
import { startFromEnv } from '../../../lib/app-tier/reference-app/src/app';
import { errorFields, jsonLogger } from '../../../lib/app-tier/reference-app/src/log';

const log = jsonLogger();
startFromEnv(process.env, log).then(
  () => process.once('SIGTERM', () => process.exit(0)),
  (error: unknown) => {
    log.error('cannot start', errorFields(error));
    process.exit(1);
  },
);
