/**
 * One validation of one app: the walk over its CfnResources, their template views and the
 * references between them, computed once and kept for as long as the scan object lives.
 *
 * Rules see one CfnResource at a time, but many controls are app-wide ("every VPC has a flow
 * log"). A rule applied on X therefore asks the scan for the related resources and whether they
 * refer to X. The pack creates one Scan per `validateScope` and hands it to every rule; the
 * compliance report creates one per judged app. The construct tree must not change while a scan
 * is in use (a test that changes the tree makes a new scan).
 */
import { CfnMapping, CfnResource, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { REF_MARKER, ResourceView, isRefMarker, renderMapping, renderView } from './template-view';
import { isObject, literalString, tagMap } from './values';

export class Scan {
  /** The root of the app: every search covers the whole app, whatever scope was validated. */
  public readonly root: IConstruct;
  private all?: CfnResource[];
  private byPath?: Map<string, CfnResource>;
  private readonly views = new Map<CfnResource, ResourceView>();
  private readonly logicalIds = new Map<Stack, Map<string, CfnResource>>();

  /** A scan of the app that `scope` belongs to. */
  constructor(scope: IConstruct) {
    this.root = scope.node.root;
  }

  /** Every CfnResource of the app, optionally of some types. */
  public resources(...types: string[]): CfnResource[] {
    if (!this.all) {
      const found: CfnResource[] = [];
      const walk = (c: IConstruct): void => {
        if (CfnResource.isCfnResource(c)) found.push(c);
        for (const child of c.node.children) walk(child);
      };
      walk(this.root);
      this.all = found;
    }
    return types.length === 0 ? this.all : this.all.filter((r) => types.includes(r.cfnResourceType));
  }

  /** The resource as it will be in the template (see `renderView`). */
  public view(node: CfnResource): ResourceView {
    let v = this.views.get(node);
    if (!v) {
      v = renderView(node);
      this.views.set(node, v);
    }
    return v;
  }

  /** The final properties of `node` (see `view`). */
  public props(node: CfnResource): Record<string, any> {
    return this.view(node).properties;
  }

  /** The tags of a resource's view (list form `[{Key, Value}]` or map form). */
  public tagsOf(node: CfnResource): Record<string, string> {
    return tagMap(this.props(node).Tags);
  }

  /**
   * The resources a resolved value (from the view of `consumer`) refers to, anywhere inside it:
   * markers, and hand-written Ref / Fn::GetAtt of the consumer's stack.
   */
  public refTargets(consumer: IConstruct, value: unknown): CfnResource[] {
    const found = new Set<CfnResource>();
    const stack = Stack.of(consumer);
    const walk = (x: unknown): void => {
      if (Array.isArray(x)) {
        x.forEach(walk);
        return;
      }
      if (!isObject(x)) return;
      if (isRefMarker(x)) {
        const target = this.resourceAtPath(x[REF_MARKER][0]);
        if (target) found.add(target);
        return;
      }
      const keys = Object.keys(x);
      if (keys.length === 1 && keys[0] === 'Ref' && typeof x.Ref === 'string') {
        const target = this.resourceWithLogicalId(stack, x.Ref);
        if (target) found.add(target);
        return;
      }
      if (keys.length === 1 && keys[0] === 'Fn::GetAtt') {
        const att = x['Fn::GetAtt'];
        const id = Array.isArray(att) ? att[0] : typeof att === 'string' ? att.split('.')[0] : undefined;
        const target = typeof id === 'string' ? this.resourceWithLogicalId(stack, id) : undefined;
        if (target) found.add(target);
        return;
      }
      Object.values(x).forEach(walk);
    };
    walk(value);
    return [...found];
  }

  /** The resources of the given types that a resolved value refers to. */
  public refTargetsOfType(consumer: IConstruct, value: unknown, ...types: string[]): CfnResource[] {
    return this.refTargets(consumer, value).filter((r) => types.includes(r.cfnResourceType));
  }

  /** Whether a resolved value (from `consumer`'s view) refers to `target`. */
  public refersTo(consumer: IConstruct, value: unknown, target: CfnResource): boolean {
    return this.refTargets(consumer, value).includes(target);
  }

  /**
   * Resources of `types` that a resolved value designates: by reference, or by a literal equal to
   * one of their literal name properties (or an ARN ending in `:name` / `/name`).
   */
  public designatedResources(consumer: IConstruct, value: unknown, types: string[], nameProps: string[]): CfnResource[] {
    const byRef = this.refTargetsOfType(consumer, value, ...types);
    if (byRef.length > 0) return byRef;
    const lit = literalString(value);
    if (lit === undefined) return [];
    return this.resources(...types).filter((r) =>
      nameProps.some((p) => {
        const name = literalString(this.props(r)[p]);
        return name !== undefined && (lit === name || lit.endsWith(`:${name}`) || lit.endsWith(`/${name}`));
      }),
    );
  }

  /** The content of the mapping with `logicalId` in `stack` (see `renderMapping`), if there is one. */
  public mapping(stack: Stack, logicalId: string): Record<string, Record<string, unknown>> | undefined {
    const mapping = stack.node.findAll().find((c): c is CfnMapping => c instanceof CfnMapping && stack.resolve(c.logicalId) === logicalId);
    return mapping ? renderMapping(mapping) : undefined;
  }

  private resourceAtPath(path: string): CfnResource | undefined {
    if (!this.byPath) this.byPath = new Map(this.resources().map((r) => [r.node.path, r]));
    return this.byPath.get(path);
  }

  private resourceWithLogicalId(stack: Stack, logicalId: string): CfnResource | undefined {
    let index = this.logicalIds.get(stack);
    if (!index) {
      index = new Map<string, CfnResource>();
      for (const r of this.resources()) {
        if (Stack.of(r) !== stack) continue;
        try {
          index.set(stack.resolve(r.logicalId), r);
        } catch {
          // A resource whose logical id cannot be resolved cannot be referenced by it either.
        }
      }
      this.logicalIds.set(stack, index);
    }
    return index.get(logicalId);
  }
}
