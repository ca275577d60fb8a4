import { ListDetectorsCommand } from '@aws-sdk/client-guardduty';
import { Check, CheckResult, fail, pass } from '../check';
import { PreflightContext } from './context';

const CHECK = 'guardduty detector';

export interface DetectorFacts {
  readonly detectorIds: readonly string[];
  /** True when this deployment's Threat stack already exists (its own detector is then expected). */
  readonly threatStackDeployed: boolean;
}

/**
 * GuardDuty allows one detector per account and region
 * (https://docs.aws.amazon.com/guardduty/latest/APIReference/API_CreateDetector.html): creating a
 * second fails the Threat stack. Organisations and Control Tower often own the detector.
 */
export function evaluateDetector(facts: DetectorFacts, createDetector: boolean, region: string): CheckResult {
  const ids = facts.detectorIds.join(', ');
  if (createDetector && facts.detectorIds.length > 0 && !facts.threatStackDeployed) {
    return fail(CHECK, `detector ${ids} already exists and threat.createDetector is true`, 'Set threat.createDetector false: the stack then uses the existing detector.', region);
  }
  if (!createDetector && facts.detectorIds.length === 0) {
    return fail(CHECK, 'no detector, and threat.createDetector is false', 'Enable GuardDuty in this region (or through the organisation), or set threat.createDetector true.', region);
  }
  return pass(CHECK, facts.detectorIds.length === 0 ? 'none yet; the stack creates it' : `detector ${ids}${createDetector ? ' (this stack\'s)' : ', used by the stack'}`, region);
}

export const guardDutyDetectorCheck: Check<PreflightContext> = {
  name: CHECK,
  async run({ config, clients, deployment }) {
    const region = config.primaryRegion;
    const out = await clients.client('guardduty', region).send(new ListDetectorsCommand({}));
    return [evaluateDetector({ detectorIds: out.DetectorIds ?? [], threatStackDeployed: await deployment.deployed('Threat') }, config.threat.createDetector, region)] as CheckResult[];
  },
};
