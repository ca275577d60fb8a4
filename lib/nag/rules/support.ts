/**
 * What the Hardened rules share: the final template view of a resource (raw overrides applied),
 * references between resources across stacks, and the walk over every CfnResource of the app.
 *
 * Rules see one CfnResource at a time, but many controls are app-wide ("every VPC has a flow
 * log"). A rule applied on X therefore searches the whole construct tree for the related
 * resources and asks whether they refer to X.
 *
 * References. Resolving a value with the stack's own resolver turns a reference to a resource of
 * another stack into `Fn::ImportValue` (after synthesis) or into a logical id that means nothing
 * in the consuming stack (before). So values are resolved here with a resolver that stops at every
 * `Reference` (Ref / Fn::GetAtt) whose target is a CfnResource and leaves a marker naming the
 * target's construct path instead: `{ "Fn::HardenedRef": [path, attribute] }`. The marker looks
 * like an intrinsic, so the L1 validators and the JSON stringifier treat it like a `Ref`.
 * Literal `Ref` / `Fn::GetAtt` written by hand (overrides, escape hatches) are understood too, in
 * the consuming stack.
 *
 * Caching. The pack calls `beginScan()` / `endScan()` around one validation, so the walk and the
 * views are computed once per validation; outside a scan nothing is cached (a test may change the
 * tree between two validations).
 */
import { CfnResource, DefaultTokenResolver, IFragmentConcatenator, IPostProcessor, IResolvable, IResolveContext, Reference, Stack, Token, Tokenization } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** The key of the reference marker left by the resolver. */
export const REF_MARKER = 'Fn::HardenedRef';

/** A reference to another resource, as it appears in a resolved view. */
export interface RefMarker {
  readonly [REF_MARKER]: [path: string, attribute: string];
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

// ---------------------------------------------------------------------------------------------
// Scan cache

interface ScanCache {
  readonly resources: Map<IConstruct, CfnResource[]>;
  readonly byPath: Map<IConstruct, Map<string, CfnResource>>;
  readonly views: Map<CfnResource, ResourceView>;
  readonly logicalIds: Map<Stack, Map<string, CfnResource>>;
}

let scan: ScanCache | undefined;

/** Starts caching the app walk and resource views (the tree must not change until `endScan`). */
export function beginScan(): void {
  scan = { resources: new Map(), byPath: new Map(), views: new Map(), logicalIds: new Map() };
}

/** Stops caching and drops the cache. */
export function endScan(): void {
  scan = undefined;
}

function memo<K, V>(map: Map<K, V> | undefined, key: K, compute: () => V): V {
  if (!map) return compute();
  const hit = map.get(key);
  if (hit !== undefined) return hit;
  const value = compute();
  map.set(key, value);
  return value;
}

// ---------------------------------------------------------------------------------------------
// The app's resources

/** Every CfnResource of the app `scope` belongs to (walked from the root), optionally of some types. */
export function appResources(scope: IConstruct, ...types: string[]): CfnResource[] {
  const root = scope.node.root;
  const all = memo(scan?.resources, root, () => {
    const found: CfnResource[] = [];
    const walk = (c: IConstruct): void => {
      if (CfnResource.isCfnResource(c)) found.push(c);
      for (const child of c.node.children) walk(child);
    };
    walk(root);
    return found;
  });
  return types.length === 0 ? all : all.filter((r) => types.includes(r.cfnResourceType));
}

function resourceAtPath(scope: IConstruct, path: string): CfnResource | undefined {
  const root = scope.node.root;
  const index = memo(scan?.byPath, root, () => new Map(appResources(root).map((r) => [r.node.path, r])));
  return index.get(path);
}

function resourceWithLogicalId(stack: Stack, logicalId: string): CfnResource | undefined {
  const index = memo(scan?.logicalIds, stack, () => {
    const m = new Map<string, CfnResource>();
    for (const r of appResources(stack)) {
      if (Stack.of(r) !== stack) continue;
      try {
        m.set(stack.resolve(r.logicalId), r);
      } catch {
        // A resource whose logical id cannot be resolved cannot be referenced by it either.
      }
    }
    return m;
  });
  return index.get(logicalId);
}

// ---------------------------------------------------------------------------------------------
// Resolution with reference markers

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

function isPlain(x: unknown): x is string | number {
  return typeof x === 'string' || typeof x === 'number';
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

const RESOLVER = new MarkingResolver(new CloudFormationConcat());

/** Resolves `value` in the scope of `node`'s stack, with references to resources marked. */
export function resolveMarked(node: IConstruct, value: unknown): any {
  return Tokenization.resolve(value, { scope: Stack.of(node), resolver: RESOLVER, preparing: false, removeEmpty: true });
}

/**
 * The resource as it will be in the template: properties in CloudFormation casing with raw
 * overrides (`addPropertyOverride`, `addOverride`) applied, references marked.
 */
export function view(node: CfnResource): ResourceView {
  return memo(scan?.views, node, () => {
    let rendered: any;
    try {
      rendered = resolveMarked(node, (node as any)._toCloudFormation());
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
  });
}

/** The final properties of `node` (see `view`). */
export function props(node: CfnResource): Record<string, any> {
  return view(node).properties;
}

// ---------------------------------------------------------------------------------------------
// References

export function isRefMarker(x: unknown): x is RefMarker {
  return isObject(x) && Object.keys(x).length === 1 && Array.isArray((x as any)[REF_MARKER]);
}

/**
 * The resources a resolved value (from `view` / `resolveMarked` of `consumer`) refers to, anywhere
 * inside it: markers, and hand-written Ref / Fn::GetAtt of the consumer's stack.
 */
export function refTargets(consumer: IConstruct, value: unknown): CfnResource[] {
  const found = new Set<CfnResource>();
  const stack = Stack.of(consumer);
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) {
      x.forEach(walk);
      return;
    }
    if (!isObject(x)) return;
    if (isRefMarker(x)) {
      const target = resourceAtPath(consumer, x[REF_MARKER][0]);
      if (target) found.add(target);
      return;
    }
    const keys = Object.keys(x);
    if (keys.length === 1 && keys[0] === 'Ref' && typeof x.Ref === 'string') {
      const target = resourceWithLogicalId(stack, x.Ref);
      if (target) found.add(target);
      return;
    }
    if (keys.length === 1 && keys[0] === 'Fn::GetAtt') {
      const att = x['Fn::GetAtt'];
      const id = Array.isArray(att) ? att[0] : typeof att === 'string' ? att.split('.')[0] : undefined;
      const target = typeof id === 'string' ? resourceWithLogicalId(stack, id) : undefined;
      if (target) found.add(target);
      return;
    }
    Object.values(x).forEach(walk);
  };
  walk(value);
  return [...found];
}

/** The resources of the given types that a resolved value refers to. */
export function refTargetsOfType(consumer: IConstruct, value: unknown, ...types: string[]): CfnResource[] {
  return refTargets(consumer, value).filter((r) => types.includes(r.cfnResourceType));
}

/** Whether a resolved value (from `consumer`'s view) refers to `target`. */
export function refersTo(consumer: IConstruct, value: unknown, target: CfnResource): boolean {
  return refTargets(consumer, value).includes(target);
}

/**
 * Resources of `types` that a resolved value designates: by reference, or by a literal equal to
 * one of their literal name properties (or an ARN ending in `:name` / `/name`).
 */
export function designatedResources(consumer: IConstruct, value: unknown, types: string[], nameProps: string[]): CfnResource[] {
  const byRef = refTargetsOfType(consumer, value, ...types);
  if (byRef.length > 0) return byRef;
  const lit = literalString(value);
  if (lit === undefined) return [];
  return appResources(consumer, ...types).filter((r) =>
    nameProps.some((p) => {
      const name = literalString(props(r)[p]);
      return name !== undefined && (lit === name || lit.endsWith(`:${name}`) || lit.endsWith(`/${name}`));
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Values

export function isObject(x: unknown): x is Record<string, any> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** A string known at synth time (numbers are turned into strings), else undefined. */
export function literalString(x: unknown): string | undefined {
  if (typeof x === 'string') return Token.isUnresolved(x) ? undefined : x;
  if (typeof x === 'number') return String(x);
  return undefined;
}

/** true for `true` and `'true'` (CloudFormation accepts both). */
export function isTrue(x: unknown): boolean {
  return x === true || (typeof x === 'string' && x.toLowerCase() === 'true');
}

/** A number known at synth time (numeric strings accepted), else undefined. */
export function literalNumber(x: unknown): number | undefined {
  if (typeof x === 'number' && Number.isFinite(x)) return x;
  if (typeof x === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(x)) return Number(x);
  return undefined;
}

/** The array itself, or [] when the value is absent or not a literal list (a token, an intrinsic). */
export function list(x: unknown): any[] {
  return Array.isArray(x) ? x : [];
}

/** A value that is a list, a single string or absent, as a list of its strings. */
export function stringList(x: unknown): string[] {
  if (typeof x === 'string') return [x];
  return list(x).filter((v): v is string => typeof v === 'string');
}

/** Placeholder for a part of a joined string that is not known at synth time. */
export const UNKNOWN_PART = '\u0000';

/**
 * A resolved string value as text: literal parts kept, every part that is not known at synth
 * time (a reference, a pseudo parameter, another intrinsic) replaced by UNKNOWN_PART.
 * Only `Fn::Join` is looked into; anything else is a single unknown part.
 */
export function joinedText(x: unknown): string | undefined {
  if (x === undefined || x === null) return undefined;
  return joinedParts(x)
    .map((p) => (isPlain(p) ? String(p) : UNKNOWN_PART))
    .join('');
}

/** The parts of a resolved string value: strings, and objects for what is not literal. */
export function joinedParts(x: unknown): unknown[] {
  if (isPlain(x)) return [x];
  if (isObject(x) && Array.isArray(x['Fn::Join']) && Array.isArray(x['Fn::Join'][1])) {
    const [delimiter, items] = x['Fn::Join'] as [unknown, unknown[]];
    const out: unknown[] = [];
    items.forEach((item, i) => {
      if (i > 0 && delimiter !== '') out.push(delimiter);
      out.push(...joinedParts(item));
    });
    return out;
  }
  return [x];
}

/**
 * Parses a resolved JSON string value (e.g. an event target's Input written with tokens). Parts
 * that are not literal come back as they were (markers stay markers, so `refTargets` sees them);
 * a string mixing text and such parts comes back as an `Fn::Join`. Undefined if not JSON.
 */
export function parseJsonValue(x: unknown): unknown {
  if (isObject(x) && !('Fn::Join' in x)) return x;
  const parts = joinedParts(x);
  const holes: unknown[] = [];
  const text = parts.map((p) => (isPlain(p) ? String(p) : `__HARDENED_PART_${holes.push(p) - 1}__`)).join('');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // A part that stood for a whole JSON value (not inside quotes): quote the placeholders.
    try {
      parsed = JSON.parse(text.replace(/(^|[^"])(__HARDENED_PART_\d+__)(?=[^"]|$)/g, '$1"$2"'));
    } catch {
      return undefined;
    }
  }
  const restore = (v: unknown): unknown => {
    if (typeof v === 'string' && v.includes('__HARDENED_PART_')) {
      const pieces = v.split(/(__HARDENED_PART_\d+__)/).filter((s) => s !== '');
      const mapped = pieces.map((s) => {
        const m = /^__HARDENED_PART_(\d+)__$/.exec(s);
        return m ? holes[Number(m[1])] : s;
      });
      return mapped.length === 1 ? mapped[0] : { 'Fn::Join': ['', mapped] };
    }
    if (Array.isArray(v)) return v.map(restore);
    if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, val]) => [k, restore(val)]));
    return v;
  };
  return restore(parsed);
}

/** The tags of a resource's view (list form `[{Key, Value}]` or map form). */
export function tagsOf(node: CfnResource): Record<string, string> {
  const tags = props(node).Tags;
  const out: Record<string, string> = {};
  if (Array.isArray(tags)) {
    for (const t of tags) {
      if (isObject(t) && typeof t.Key === 'string' && typeof t.Value === 'string') out[t.Key] = t.Value;
    }
  } else if (isObject(tags)) {
    for (const [k, v] of Object.entries(tags)) if (typeof v === 'string') out[k] = v;
  }
  return out;
}

/** The region of `node`'s stack when it is known at synth time. */
export function stackRegion(node: IConstruct): string | undefined {
  const region = Stack.of(node).region;
  return Token.isUnresolved(region) ? undefined : region;
}

/** The fields of an ARN written as text (see `joinedText`); undefined if it is not ARN-shaped. */
export function arnFields(text: string | undefined): { partition: string; service: string; region: string; account: string; resource: string } | undefined {
  if (text === undefined) return undefined;
  const f = text.split(':');
  if (f.length < 6 || f[0] !== 'arn') return undefined;
  return { partition: f[1], service: f[2], region: f[3], account: f[4], resource: f.slice(5).join(':') };
}

// ---------------------------------------------------------------------------------------------
// Shapes used by several areas

/** The `hardened:tier` tag of subnets (set by the network stack): firewall | public | app | data. */
export const TIER_TAG = 'hardened:tier';

/**
 * The tier of an AWS::EC2::Subnet: its `hardened:tier` tag; otherwise `firewall` when its
 * construct path names a firewall; otherwise from the L2 VPC's `aws-cdk:subnet-type` tag
 * (Public → public); undefined when unknown.
 */
export function subnetTier(subnet: CfnResource): string | undefined {
  const tags = tagsOf(subnet);
  if (tags[TIER_TAG]) return tags[TIER_TAG].toLowerCase();
  if (/firewall/i.test(subnet.node.path) || /firewall/i.test(tags['aws-cdk:subnet-name'] ?? '')) return 'firewall';
  if (tags['aws-cdk:subnet-type'] === 'Public') return 'public';
  return undefined;
}

/** Whether a load balancer is an Application Load Balancer (Type absent or `application`). */
export function isApplicationLoadBalancer(node: CfnResource): boolean {
  if (node.cfnResourceType !== 'AWS::ElasticLoadBalancingV2::LoadBalancer') return false;
  const type = props(node).Type;
  return type === undefined || type === 'application';
}

/** Whether an ALB faces the internet (Scheme absent or `internet-facing`). */
export function isInternetFacingAlb(node: CfnResource): boolean {
  if (!isApplicationLoadBalancer(node)) return false;
  const scheme = props(node).Scheme;
  return scheme === undefined || scheme === 'internet-facing';
}

/** The load balancer attributes as a key → value map. */
export function loadBalancerAttributes(node: CfnResource): Record<string, unknown> {
  return keyValueMap(props(node).LoadBalancerAttributes);
}

/** `[{Key, Value}]` as a map (later entries win, like the API). */
export function keyValueMap(x: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const e of list(x)) if (isObject(e) && typeof e.Key === 'string') out[e.Key] = e.Value;
  return out;
}

/** Whether an AWS::RDS::DBInstance is a read replica (has a source instance). */
export function isReadReplica(node: CfnResource): boolean {
  const p = props(node);
  return p.SourceDBInstanceIdentifier !== undefined || p.SourceDBClusterIdentifier !== undefined;
}

/** Whether `node` is a primary (not replica) AWS::RDS::DBInstance. */
export function isPrimaryDbInstance(node: CfnResource): boolean {
  return node.cfnResourceType === 'AWS::RDS::DBInstance' && !isReadReplica(node);
}

/** The IAM policy statements of a policy document value (a single statement or a list). */
export function statementsOf(document: unknown): Record<string, any>[] {
  if (!isObject(document)) return [];
  const s = document.Statement;
  return (Array.isArray(s) ? s : [s]).filter(isObject);
}

/** Every action value of an alarm or composite alarm (AlarmActions, OKActions, InsufficientDataActions). */
export function alarmActionValues(alarm: CfnResource): unknown[] {
  const p = props(alarm);
  return [...list(p.AlarmActions), ...list(p.OKActions), ...list(p.InsufficientDataActions)];
}

/** Whether `obj` is an object with `key` set (e.g. `Action: { Block: {} }`). */
export function has(obj: unknown, key: string): boolean {
  return isObject(obj) && obj[key] !== undefined && obj[key] !== null;
}

/** Three years in days, as CloudWatch Logs and Object Lock count them (1095 is not a CloudWatch value). */
export const THREE_YEARS_DAYS = 1096;

/** Whether an IAM action pattern (`wafv2:Update*`, `s3:*`, `*`) covers `action` (case-insensitive, like IAM). */
export function actionCovers(pattern: string, action: string): boolean {
  const re = new RegExp('^' + pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$', 'i');
  return re.test(action);
}

/** A value that may be a single item or a list (IAM Action/Resource, …) as a list; [] when absent. */
export function oneOrMany(x: unknown): unknown[] {
  if (x === undefined || x === null) return [];
  return Array.isArray(x) ? x : [x];
}
