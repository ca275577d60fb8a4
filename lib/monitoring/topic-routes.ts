/**
 * Which EventBridge rules of synthesized templates publish to an SNS topic (the "event routes" of
 * the alarm table and the simulator): a topic of the rule's own template (`Ref`), or one of another
 * stack, which CDK reaches through that stack's output (`Fn::GetStackOutput`, or an export and
 * `Fn::ImportValue`). Pure: reads template JSON.
 */

/** The outputs and exports, across `templates`, whose value is a `Ref` to an SNS topic of their template. */
export function topicOutputs(templates: readonly any[]): ReadonlySet<string> {
  const names = new Set<string>();
  for (const template of templates) {
    const resources: Record<string, any> = template?.Resources ?? {};
    for (const [name, output] of Object.entries<any>(template?.Outputs ?? {})) {
      const ref = output?.Value?.Ref;
      if (typeof ref !== 'string' || resources[ref]?.Type !== 'AWS::SNS::Topic') continue;
      names.add(name);
      if (typeof output.Export?.Name === 'string') names.add(output.Export.Name);
    }
  }
  return names;
}

/** Whether a target ARN names an SNS topic: of `resources`, or of another stack through one of `outputs`. */
export function isTopicArn(arn: any, resources: Record<string, any>, outputs: ReadonlySet<string>): boolean {
  if (typeof arn?.Ref === 'string') return resources[arn.Ref]?.Type === 'AWS::SNS::Topic';
  const stackOutput = arn?.['Fn::GetStackOutput']?.OutputName;
  if (typeof stackOutput === 'string') return outputs.has(stackOutput);
  const imported = arn?.['Fn::ImportValue'];
  return typeof imported === 'string' && outputs.has(imported);
}

/** Whether an `AWS::Events::Rule`'s properties have a target that publishes to an SNS topic. */
export function publishesToTopic(ruleProperties: Record<string, any> | undefined, resources: Record<string, any>, outputs: ReadonlySet<string>): boolean {
  return (ruleProperties?.Targets ?? []).some((t: any) => isTopicArn(t?.Arn, resources, outputs));
}
