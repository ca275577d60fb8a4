import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetParameterCommand } from '@aws-sdk/client-ssm';
import { Check, CheckResult, fail, pass } from '../check';
import { PreflightContext, regionsOf } from './context';

const CHECK = 'cdk bootstrap';
export const BOOTSTRAP_STACK = 'CDKToolkit';
/** The default qualifier's version parameter (https://docs.aws.amazon.com/cdk/v2/guide/bootstrapping-env.html). */
export const BOOTSTRAP_VERSION_PARAMETER = '/cdk-bootstrap/hnb659fds/version';
/**
 * Templates synthesized by aws-cdk-lib 2.x carry a CheckBootstrapVersion rule that rejects a
 * bootstrap older than version 6 (https://docs.aws.amazon.com/cdk/v2/guide/bootstrapping.html).
 */
export const MIN_BOOTSTRAP_VERSION = 6;

export interface BootstrapFacts {
  /** Status of the CDKToolkit stack, undefined when there is none. */
  readonly stackStatus?: string;
  /** Value of the version parameter, undefined when there is none. */
  readonly version?: number;
}

export function evaluateBootstrap(facts: BootstrapFacts, account: string, region: string): CheckResult {
  const fix = `cdk bootstrap aws://${account}/${region}`;
  if (facts.stackStatus && /FAILED|ROLLBACK|DELETE/.test(facts.stackStatus) && facts.stackStatus !== 'UPDATE_ROLLBACK_COMPLETE') {
    return fail(CHECK, `${BOOTSTRAP_STACK} stack is ${facts.stackStatus}`, `Repair or delete the ${BOOTSTRAP_STACK} stack, then ${fix}`, region);
  }
  if (facts.version === undefined) {
    return fail(CHECK, `no ${BOOTSTRAP_VERSION_PARAMETER} parameter${facts.stackStatus ? '' : ` and no ${BOOTSTRAP_STACK} stack`}`, fix, region);
  }
  if (facts.version < MIN_BOOTSTRAP_VERSION) {
    return fail(CHECK, `bootstrap version ${facts.version}, deployments need ${MIN_BOOTSTRAP_VERSION} or later`, fix, region);
  }
  return pass(CHECK, `bootstrap version ${facts.version}${facts.stackStatus ? ` (${BOOTSTRAP_STACK} ${facts.stackStatus})` : ''}`, region);
}

export const bootstrapCheck: Check<PreflightContext> = {
  name: CHECK,
  async run({ config, clients }) {
    const results: CheckResult[] = [];
    for (const region of regionsOf(config)) {
      const stackStatus = await clients
        .client('cloudformation', region)
        .send(new DescribeStacksCommand({ StackName: BOOTSTRAP_STACK }))
        .then((o) => o.Stacks?.[0]?.StackStatus, (e: Error) => (/does not exist/i.test(e.message) ? undefined : Promise.reject(e)));
      const version = await clients
        .client('ssm', region)
        .send(new GetParameterCommand({ Name: BOOTSTRAP_VERSION_PARAMETER }))
        .then((o) => (o.Parameter?.Value === undefined ? undefined : Number(o.Parameter.Value)), (e: Error) => (e.name === 'ParameterNotFound' ? undefined : Promise.reject(e)));
      results.push(evaluateBootstrap({ stackStatus, version }, config.account, region));
    }
    return results;
  },
};
