/**
 * Policies as they are in the synthesized templates of one assembly, with references turned into
 * stable placeholder strings so the IAM evaluator can compare them: `{Ref: X}` in stack S becomes
 * `<S:Ref:X>`, `{Fn::GetAtt: [X, A]}` becomes `<S:X.A>`, and `Fn::ImportValue` is followed to
 * the exporting stack (and `Fn::GetStackOutput` to the producing stack's output), so a role ARN reads the same in the stack that owns it and in the stack
 * that imports it. Pseudo parameters become the stack's partition, account and region.
 */

export interface AssemblyTemplate {
  readonly id: string;
  readonly region: string;
  readonly template: any;
}

export class TemplatePolicies {
  private readonly exports = new Map<string, { stack: AssemblyTemplate; value: unknown }>();

  constructor(private readonly stacks: readonly AssemblyTemplate[], private readonly account: string) {
    for (const stack of stacks) {
      for (const output of Object.values<any>(stack.template.Outputs ?? {})) {
        if (output.Export?.Name) this.exports.set(output.Export.Name, { stack, value: output.Value });
      }
    }
  }

  stack(idSuffix: string): AssemblyTemplate {
    const found = this.stacks.find((s) => s.id.endsWith(`-${idSuffix}`));
    if (!found) throw new Error(`no stack *-${idSuffix}`);
    return found;
  }

  /** Renders a template value of `stack` (strings, lists and objects, intrinsics resolved to placeholders). */
  render(stack: AssemblyTemplate, value: unknown): any {
    if (Array.isArray(value)) return value.map((v) => this.render(stack, v));
    if (value === null || typeof value !== 'object') return value;
    const v = value as Record<string, any>;
    const keys = Object.keys(v);
    if (keys.length === 1 && keys[0] === 'Ref') return this.ref(stack, v.Ref);
    if (keys.length === 1 && keys[0] === 'Fn::GetAtt') return `<${stack.id}:${v['Fn::GetAtt'][0]}.${v['Fn::GetAtt'][1]}>`;
    if (keys.length === 1 && keys[0] === 'Fn::Join') {
      const [separator, parts] = v['Fn::Join'];
      return (this.render(stack, parts) as unknown[]).map(String).join(separator);
    }
    if (keys.length === 1 && keys[0] === 'Fn::ImportValue') {
      const exported = this.exports.get(v['Fn::ImportValue']);
      if (!exported) throw new Error(`no stack exports ${v['Fn::ImportValue']}`);
      return this.render(exported.stack, exported.value);
    }
    if (keys.length === 1 && keys[0] === 'Fn::GetStackOutput') {
      const { StackName, OutputName } = v['Fn::GetStackOutput'];
      const producer = this.stacks.find((s) => s.id === StackName);
      const output = producer?.template.Outputs?.[OutputName];
      if (!producer || !output) throw new Error(`no output ${OutputName} in stack ${StackName}`);
      return this.render(producer, output.Value);
    }
    if (keys.some((k) => k.startsWith('Fn::'))) throw new Error(`template-policies: cannot render ${JSON.stringify(v)}`);
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, this.render(stack, x)]));
  }

  private ref(stack: AssemblyTemplate, name: string): string {
    if (name === 'AWS::Partition') return 'aws';
    if (name === 'AWS::AccountId') return this.account;
    if (name === 'AWS::Region') return stack.region;
    if (name === 'AWS::URLSuffix') return 'amazonaws.com';
    return `<${stack.id}:Ref:${name}>`;
  }

  /** The rendered ARN and name of a role of `stack`. */
  role(stack: AssemblyTemplate, logicalId: string): { arn: string; name: string } {
    return { arn: this.render(stack, { 'Fn::GetAtt': [logicalId, 'Arn'] }), name: this.render(stack, { Ref: logicalId }) };
  }

  /**
   * Every statement of every identity policy attached to the role named `roleName`, in any stack:
   * its inline policies, the customer-managed policies it names, and customer-managed or inline
   * policy resources listing it. A role with an AWS-managed policy ARN throws (its contents are
   * not in the templates).
   */
  identityStatements(roleName: string): Record<string, any>[] {
    const statements: Record<string, any>[] = [];
    for (const stack of this.stacks) {
      for (const [logicalId, r] of Object.entries<any>(stack.template.Resources ?? {})) {
        if (r.Type === 'AWS::IAM::Role' && this.render(stack, { Ref: logicalId }) === roleName) {
          for (const p of r.Properties?.Policies ?? []) statements.push(...this.render(stack, p.PolicyDocument).Statement);
          for (const arn of r.Properties?.ManagedPolicyArns ?? []) statements.push(...this.managedPolicyStatements(stack, logicalId, arn));
        }
        if ((r.Type === 'AWS::IAM::ManagedPolicy' || r.Type === 'AWS::IAM::Policy') && this.render(stack, r.Properties.Roles ?? []).includes(roleName)) {
          statements.push(...this.render(stack, r.Properties.PolicyDocument).Statement);
        }
      }
    }
    return statements;
  }

  /**
   * The statements of a customer-managed policy a role names in `ManagedPolicyArns` (a Ref to an
   * `AWS::IAM::ManagedPolicy`, in the role's stack or imported from another); an AWS-managed
   * policy throws, since its contents are not in the templates.
   */
  private managedPolicyStatements(stack: AssemblyTemplate, roleLogicalId: string, arn: unknown): Record<string, any>[] {
    const rendered = this.render(stack, arn);
    const ref = /^<(.+):Ref:([A-Za-z0-9]+)>$/.exec(String(rendered));
    const owner = ref && this.stacks.find((s) => s.id === ref[1]);
    const policy = owner?.template.Resources?.[ref![2]];
    if (!owner || policy?.Type !== 'AWS::IAM::ManagedPolicy') {
      throw new Error(`${stack.id}/${roleLogicalId} has a managed policy the templates do not show: ${JSON.stringify(rendered)}`);
    }
    return this.render(owner, policy.Properties.PolicyDocument).Statement;
  }

  /** The statements of the bucket policies of `stack` attached to its bucket `bucketLogicalId`. */
  bucketPolicyStatements(stack: AssemblyTemplate, bucketLogicalId: string): Record<string, any>[] {
    return Object.values<any>(stack.template.Resources)
      .filter((r) => r.Type === 'AWS::S3::BucketPolicy' && r.Properties.Bucket?.Ref === bucketLogicalId)
      .flatMap((r) => this.render(stack, r.Properties.PolicyDocument).Statement);
  }
}
