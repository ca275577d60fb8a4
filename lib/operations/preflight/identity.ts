import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { PLACEHOLDER_ACCOUNT } from '../../config/defaults';
import { Check, CheckResult, errorResult, fail, pass } from '../check';
import { PreflightContext } from './context';

const CHECK = 'credentials';

export interface IdentityFacts {
  /** The caller's account (STS GetCallerIdentity), or undefined when no credentials resolved. */
  readonly callerAccount?: string;
  readonly callerArn?: string;
}

/** The credentials must belong to the configured account, and that account must not be the placeholder. */
export function evaluateIdentity(facts: IdentityFacts, configuredAccount: string): CheckResult {
  if (configuredAccount === PLACEHOLDER_ACCOUNT) {
    return fail(CHECK, `account is the placeholder ${PLACEHOLDER_ACCOUNT}`, 'Set "account" in your configuration file (-c config=prod.json) to the 12-digit id of the account you deploy to.');
  }
  if (!facts.callerAccount) {
    return fail(CHECK, 'no AWS credentials resolved', `Sign in to account ${configuredAccount} (aws sso login --profile …, then --profile or AWS_PROFILE).`);
  }
  if (facts.callerAccount !== configuredAccount) {
    return fail(
      CHECK,
      `credentials are for account ${facts.callerAccount} (${facts.callerArn ?? '?'}), the configuration deploys to ${configuredAccount}`,
      `Use credentials of account ${configuredAccount}, or correct "account" in the configuration.`,
    );
  }
  return pass(CHECK, `account ${facts.callerAccount} (${facts.callerArn ?? '?'})`);
}

export const identityCheck: Check<PreflightContext> = {
  name: CHECK,
  async run({ config, clients }) {
    try {
      // https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html (needs no permission)
      const out = await clients.client('sts', config.primaryRegion).send(new GetCallerIdentityCommand({}));
      return [evaluateIdentity({ callerAccount: out.Account, callerArn: out.Arn }, config.account)];
    } catch (e) {
      if ((e as Error).name === 'CredentialsProviderError') return [evaluateIdentity({}, config.account)];
      return [errorResult(CHECK, e)];
    }
  },
};
