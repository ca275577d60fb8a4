import { AspectPriority, Aspects, IAspect, Validations } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';

/**
 * Why a function may run on the account's shared concurrency pool (`lambdaReservedConcurrency:
 * false`): the reason of the NIST 800-53 / HIPAA `LambdaConcurrency` acknowledgements this adds.
 */
export const SHARED_CONCURRENCY_REASON =
  'lambdaReservedConcurrency is false: this account cannot reserve concurrency without dropping below the 100 unreserved executions Lambda keeps (new accounts may have a quota of 10 or 50), which fails the deployment. The function runs on the shared pool; the IP blocker stays correct without a single writer because it retries WAFOptimisticLockException with a fresh LockToken (lambda/ip-blocker/ip-set-store.ts, test/lambda/ip-blocker/concurrency.integration.test.ts). Raise the quota and set lambdaReservedConcurrency back to true.';

/**
 * Removes every function's reserved concurrency and acknowledges the two rules that ask for it,
 * on that function only. Applied by `buildHardenedStacks` when `lambdaReservedConcurrency` is
 * false; the constructs keep asking for the concurrency they want, so the default configuration
 * is unchanged.
 *
 * Lambda refuses a reservation that leaves fewer than 100 unreserved executions in the account:
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html
 */
export class SharedConcurrency implements IAspect {
  public visit(node: IConstruct): void {
    if (!(node instanceof lambda.CfnFunction) || node.reservedConcurrentExecutions === undefined) return;
    node.reservedConcurrentExecutions = undefined;
    Validations.of(node).acknowledge(
      { id: 'NIST.800.53.R5-LambdaConcurrency', reason: SHARED_CONCURRENCY_REASON },
      { id: 'HIPAA.Security-LambdaConcurrency', reason: SHARED_CONCURRENCY_REASON },
    );
  }
}

export function useSharedConcurrency(scope: IConstruct): void {
  Aspects.of(scope).add(new SharedConcurrency(), { priority: AspectPriority.MUTATING });
}
