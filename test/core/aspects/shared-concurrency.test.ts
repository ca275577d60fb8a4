import { Validations } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SHARED_CONCURRENCY_REASON, useSharedConcurrency } from '../../../lib/core/aspects/shared-concurrency';
import { blockStack, resourcesOf, templateOf } from '../support';

// lib/core/aspects/shared-concurrency.ts: lambdaReservedConcurrency false (issue #16).
function build(shared: boolean) {
  const stack = blockStack();
  const fn = (id: string, reserved?: number) =>
    new lambda.Function(stack, id, {
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => {};'),
      reservedConcurrentExecutions: reserved,
    });
  const functions = { reserving: fn('Reserving', 3), unreserved: fn('Unreserved') };
  if (shared) useSharedConcurrency(stack);
  const template = templateOf(stack);
  const reserved = Object.fromEntries(
    (['reserving', 'unreserved'] as const).map((k) => [k, template.Resources[stack.getLogicalId(functions[k].node.defaultChild as lambda.CfnFunction)].Properties.ReservedConcurrentExecutions]),
  );
  const acknowledged = (k: keyof typeof functions) =>
    (functions[k].node.defaultChild as lambda.CfnFunction).node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) => Object.entries(m.data as Record<string, string>).map(([id, reason]) => [id.replace(/^Annotation::/, ''), reason]));
  return { reserved, acknowledged, template };
}

describe('useSharedConcurrency', () => {
  test('without it a function keeps the concurrency it reserves', () => {
    expect(build(false).reserved).toEqual({ reserving: 3, unreserved: undefined });
  });

  test('with it no function reserves any', () => {
    const { reserved, template } = build(true);
    expect(reserved).toEqual({ reserving: undefined, unreserved: undefined });
    expect(resourcesOf(template, 'AWS::Lambda::Function')).toHaveLength(2);
  });

  test('the function it took the reservation from acknowledges the two concurrency rules with the reason; the other acknowledges nothing', () => {
    const { acknowledged } = build(true);
    expect(acknowledged('reserving')).toEqual(
      expect.arrayContaining([
        ['NIST.800.53.R5-LambdaConcurrency', expect.stringContaining(SHARED_CONCURRENCY_REASON.slice(0, 40))],
        ['HIPAA.Security-LambdaConcurrency', expect.stringContaining(SHARED_CONCURRENCY_REASON.slice(0, 40))],
      ]),
    );
    expect(acknowledged('reserving')).toHaveLength(2);
    expect(acknowledged('unreserved')).toEqual([]);
  });
});
