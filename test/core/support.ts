import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { standInApp } from '../support/context';

/** A stack of its own for one building block (tree-only app: no bundling, no schema validation). */
export function blockStack(): Stack {
  return new Stack(standInApp(), 'Block', { env: { account: '123456789012', region: 'ap-northeast-1' } });
}

/** The stack's template as JSON (one synthesis). */
export function templateOf(stack: Stack): any {
  return Template.fromStack(stack).toJSON();
}

export function resourcesOf(template: any, type: string): Array<[string, any]> {
  return Object.entries<any>(template.Resources ?? {}).filter(([, r]) => r.Type === type);
}
