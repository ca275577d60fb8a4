import { Check } from '../check';
import { alarmsCheck } from './alarms';
import { backupsCheck } from './backups';
import { canaryCheck } from './canary';
import { VerifyContext } from './context';
import { firewallLogsCheck } from './firewall-logs';
import { replicaCheck } from './replica';
import { runtimeCoverageCheck } from './runtime-coverage';
import { siteTlsCheck } from './site-tls';

export type { VerifyContext } from './context';

/** `npm run verify`, outside in: the site, the alarms and the canary, then the evidence paths behind them. */
export const VERIFY_CHECKS: readonly Check<VerifyContext>[] = [
  siteTlsCheck,
  alarmsCheck,
  canaryCheck,
  firewallLogsCheck,
  runtimeCoverageCheck,
  backupsCheck,
  replicaCheck,
];
