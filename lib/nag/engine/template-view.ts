/**
 * The final CloudFormation shape of one resource, as the rules see it: properties in
 * CloudFormation casing with raw overrides applied, and references to other resources marked.
 *
 * References. Resolving a value with the stack's own resolver turns a reference to a resource of
 * another stack into `Fn::ImportValue` (after synthesis) or into a logical id that means nothing
 * in the consuming stack (before). So values are resolved here with a resolver that stops at every
 * `Reference` (Ref / Fn::GetAtt) whose target is a CfnResource and leaves a marker naming the
 * target's construct path instead: `{ "Fn::HardenedRef": [path, attribute] }`. The marker looks
 * like an intrinsic, so the L1 validators and the JSON stringifier treat it like a `Ref`.
 * A `Scan` (scan.ts) turns markers back into resources.
 *
 * Nothing here is cached: a view is computed on each call (a `Scan` memoises them for one
 * validation).
 */
import { CfnMapping, CfnResource, DefaultTokenResolver, IFragmentConcatenator, IPostProcessor, IResolvable, IResolveContext, Reference, Stack, Tokenization } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { isObject, isPlain } from './values';

/** The key of the reference marker left by the resolver. */
export const REF_MARKER = 'Fn::HardenedRef';

/** A reference to another resource, as it appears in a resolved view. */
export interface RefMarker {
  readonly [REF_MARKER]: [path: string, attribute: string];
}

export function isRefMarker(x: unknown): x is RefMarker {
  return isObject(x) && Object.keys(x).length === 1 && Array.isArray((x as any)[REF_MARKER]);
}

/** The final CloudFormation shape of one resource, with references marked. */
export interface ResourceView {
  readonly type: string;
  readonly logicalId: string;
  /** Properties in CloudFormation casing, raw overrides applied. Empty when none. */
  readonly properties: Record<string, any>;
  readonly deletionPolicy?: string;
  readonly updateReplacePolicy?: string;
}

/** Concatenates like CloudFormation: plain strings join, anything else becomes a minimal Fn::Join. */
class CloudFormationConcat implements IFragmentConcatenator {
  public join(left: any, right: any): any {
    if (left === undefined) return right;
    if (right === undefined) return left;
    const parts = [...joinPartsOf(left), ...joinPartsOf(right)];
    const merged: any[] = [];
    for (const p of parts) {
      const last = merged[merged.length - 1];
      if (isPlain(p) && isPlain(last)) merged[merged.length - 1] = `${last}${p}`;
      else merged.push(p);
    }
    return merged.length === 1 && isPlain(merged[0]) ? `${merged[0]}` : { 'Fn::Join': ['', merged] };
  }
}

function joinPartsOf(x: any): any[] {
  if (x && typeof x === 'object' && Array.isArray(x['Fn::Join']) && x['Fn::Join'][0] === '' && Array.isArray(x['Fn::Join'][1])) {
    return x['Fn::Join'][1];
  }
  return [x];
}

/** Stops at references to resources and leaves a marker naming the target. */
class MarkingResolver extends DefaultTokenResolver {
  public resolveToken(t: IResolvable, context: IResolveContext, postProcessor: IPostProcessor): any {
    if (Reference.isReference(t) && CfnResource.isCfnResource(t.target)) {
      const marker: RefMarker = { [REF_MARKER]: [t.target.node.path, t.displayName] };
      return marker;
    }
    return super.resolveToken(t, context, postProcessor);
  }
}

/** Stateless (both classes hold no data), so one instance serves every resolution. */
const RESOLVER = new MarkingResolver(new CloudFormationConcat());

/** Resolves `value` in the scope of `node`'s stack, with references to resources marked. */
export function resolveMarked(node: IConstruct, value: unknown): any {
  return Tokenization.resolve(value, { scope: Stack.of(node), resolver: RESOLVER, preparing: false, removeEmpty: true });
}

/**
 * The resource as it will be in the template: properties in CloudFormation casing with raw
 * overrides (`addPropertyOverride`, `addOverride`) applied, references marked. Not cached.
 *
 * Why this reads CfnResource's internal `_toCloudFormation()`: aws-cdk-lib 2.276 has no public
 * accessor for a resource's final properties. `cfnProperties` / `renderProperties` are protected
 * and give L1 (camelCase) values without raw overrides; `inspect()` (the tree) gives the same;
 * raw overrides are a private field. The only public source of the final shape is the
 * synthesized template, which does not exist when a test or the mutation suite validates a tree,
 * and which has already turned cross-stack references into `Fn::ImportValue`. Overrides matter
 * here (NET-3 judges a route retargeted by an override by its final value; the mutation suite
 * injects defects through overrides), so this one function is the engine's only contact with a
 * CDK internal: nothing else in lib/nag reads one, and test/nag/engine.test.ts pins what it must
 * return, so an aws-cdk-lib upgrade that changes it fails there, by name, not as wrong verdicts.
 */
export function renderView(node: CfnResource): ResourceView {
  const render = (node as unknown as { _toCloudFormation?: () => object })._toCloudFormation;
  if (typeof render !== 'function') {
    throw new Error(`aws-cdk-lib no longer renders ${node.node.path} with CfnResource._toCloudFormation(): the rule engine cannot see final template values (lib/nag/engine/template-view.ts).`);
  }
  let rendered: any;
  try {
    rendered = resolveMarked(node, render.call(node));
  } catch {
    // A resource that cannot be rendered fails synthesis on its own; here it must not make
    // every rule that merely looks at it throw. It is seen as having no properties.
    return { type: node.cfnResourceType, logicalId: '', properties: {} };
  }
  const resources = rendered?.Resources ?? {};
  const logicalId = Object.keys(resources)[0] ?? '';
  const def = resources[logicalId] ?? {};
  return {
    type: def.Type ?? node.cfnResourceType,
    logicalId,
    properties: isObject(def.Properties) ? def.Properties : {},
    deletionPolicy: typeof def.DeletionPolicy === 'string' ? def.DeletionPolicy : undefined,
    updateReplacePolicy: typeof def.UpdateReplacePolicy === 'string' ? def.UpdateReplacePolicy : undefined,
  };
}

/**
 * The content of a template mapping (`Mappings.<logicalId>`: top-level key → second-level key →
 * value), resolved in its stack. CfnMapping has no public reader (`findInMap` answers with a
 * token for an eagerly built mapping, and marks the mapping as used), so this reads the same
 * internal rendering as `renderView`, for the same reason.
 */
export function renderMapping(mapping: CfnMapping): Record<string, Record<string, unknown>> | undefined {
  const render = (mapping as unknown as { _toCloudFormation?: () => object })._toCloudFormation;
  if (typeof render !== 'function') {
    throw new Error(`aws-cdk-lib no longer renders ${mapping.node.path} with CfnMapping._toCloudFormation() (lib/nag/engine/template-view.ts).`);
  }
  const stack = Stack.of(mapping);
  const rendered = stack.resolve(render.call(mapping)) as { Mappings?: Record<string, Record<string, Record<string, unknown>>> };
  return rendered.Mappings?.[stack.resolve(mapping.logicalId)];
}

/** The final properties of `node` now (see `renderView`): for code that changes the tree between reads. */
export function renderedProps(node: CfnResource): Record<string, any> {
  return renderView(node).properties;
}
