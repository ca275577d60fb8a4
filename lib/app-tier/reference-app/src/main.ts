/**
 * Entry point of the reference application image: read the contract's settings, open the pool,
 * serve, and on SIGTERM (ECS stopping the task) drain and exit within the grace period.
 */
import { startFromEnv } from './app';
import { errorFields, jsonLogger } from './log';

const log = jsonLogger();
startFromEnv(process.env, log).then(
  ({ app, settings }) => {
    const stop = (signal: NodeJS.Signals) => {
      // Backstop: never outlive the grace period (ECS would SIGKILL anyway).
      setTimeout(() => process.exit(1), settings.shutdownGraceSeconds * 1000).unref();
      app.shutdown(signal).then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  },
  (error: unknown) => {
    log.error('cannot start', errorFields(error));
    process.exit(1);
  },
);
