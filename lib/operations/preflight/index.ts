import { Check } from '../check';
import { auditTrailCheck } from './audit-trail';
import { bootstrapCheck } from './bootstrap';
import { certificateCheck } from './certificate';
import { PreflightContext } from './context';
import { databaseOrderableCheck } from './database-orderable';
import { firewallCapacityCheck } from './firewall-capacity';
import { guardDutyDetectorCheck } from './guardduty-detector';
import { identityCheck } from './identity';
import { lambdaConcurrencyCheck } from './lambda-concurrency';
import { quotasCheck } from './quotas';
import { trustStoreCheck } from './trust-store';

export type { PreflightContext } from './context';

/** `npm run preflight`, in the order an operator fixes things: who am I, can CDK deploy, then the account's state. */
export const PREFLIGHT_CHECKS: readonly Check<PreflightContext>[] = [
  identityCheck,
  bootstrapCheck,
  certificateCheck,
  trustStoreCheck,
  lambdaConcurrencyCheck,
  guardDutyDetectorCheck,
  auditTrailCheck,
  databaseOrderableCheck,
  firewallCapacityCheck,
  quotasCheck,
];
