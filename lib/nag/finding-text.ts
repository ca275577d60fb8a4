import { Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * A value (an ARN) as cdk-nag writes it in a finding id (`AwsSolutions-IAM5[Resource::…]`): the
 * value resolved in `scope`'s stack with each Ref and GetAtt as <Name> / <Name.Attr>, so an
 * acknowledgement names exactly that finding whether or not the stack has an explicit account and
 * region. Only for values of `scope`'s own stack: a reference to another stack becomes an
 * export name only after synthesis.
 */
export function nagText(scope: IConstruct, value: string): string {
  const visit = (node: unknown): string => {
    if (typeof node === 'string') return node;
    const o = node as Record<string, any>;
    if (o['Fn::Join']) return (o['Fn::Join'][1] as unknown[]).map(visit).join(o['Fn::Join'][0]);
    if (o['Fn::GetAtt']) return `<${o['Fn::GetAtt'][0]}.${o['Fn::GetAtt'][1]}>`;
    if (o.Ref) return `<${o.Ref}>`;
    return JSON.stringify(node);
  };
  return visit(Stack.of(scope).resolve(value));
}
