/**
 * A mutation: one defect a hurried change or a copy-paste from a sample would bring into the real
 * stacks, applied through CDK escape hatches to a freshly built app. The suite (test/mutation/*.test.ts)
 * and `npm run report` run every mutation and expect the rule packs to report a new finding.
 */
import { CfnResource, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import type { ControlId } from '../controls/catalog';
import type { HardenedStacks } from '../hardened-app';
import { renderedProps as props } from '../nag/engine/template-view';
import { isObject, list } from '../nag/engine/values';

/** The build a mutation is applied to: the configuration as given, or with every optional control on. */
export type MutationBuild = 'default' | 'optional-controls';

export interface Mutation {
  /** Unique, kebab-case, names the defect (`ips-group-detached`). */
  readonly id: string;
  /** The catalog control the defect breaks. */
  readonly control: ControlId;
  /** What the change is, from a reviewer's point of view: who would write it and why it looks harmless. */
  readonly change: string;
  /** @default 'default' */
  readonly build?: MutationBuild;
  /**
   * Applies the defect and returns the constructs it changed: the finding is expected on one of
   * them (or below). A mutation that cannot find what it changes must throw, naming it.
   */
  readonly apply: (stacks: HardenedStacks) => IConstruct | IConstruct[];
  /**
   * When the finding belongs on another resource than the changed one (a removed alarm is missed
   * by the component it watched): that resource, and why.
   */
  readonly findingOn?: { readonly target: (stacks: HardenedStacks) => IConstruct | IConstruct[]; readonly why: string };
}

/** The L1 resource of an L2 construct (its default child), or the construct itself if it is one. */
export function l1(c: IConstruct): CfnResource {
  if (CfnResource.isCfnResource(c)) return c;
  const child = c.node.defaultChild;
  if (child && CfnResource.isCfnResource(child)) return child;
  throw new Error(`mutation target ${c.node.path} has no L1 resource (default child)`);
}

/** The CfnResources of `scope` (a stack, a construct) of one CloudFormation type, optionally filtered. */
export function resourcesOf(scope: IConstruct, type: string, where: (r: CfnResource) => boolean = () => true): CfnResource[] {
  return scope.node.findAll().filter((c): c is CfnResource => CfnResource.isCfnResource(c) && c.cfnResourceType === type && where(c));
}

/** Exactly one resource of `type` under `scope` matching `where`; throws naming what was sought otherwise. */
export function theOne(scope: IConstruct, type: string, what: string, where: (r: CfnResource) => boolean = () => true): CfnResource {
  const found = resourcesOf(scope, type, where);
  if (found.length !== 1) throw new Error(`expected exactly one ${type} (${what}) under ${scope.node.path}, found ${found.length}`);
  return found[0];
}

/** The first resource of `type` under `scope` matching `where`; throws naming what was sought when none. */
export function first(scope: IConstruct, type: string, what: string, where: (r: CfnResource) => boolean = () => true): CfnResource {
  const found = resourcesOf(scope, type, where);
  if (found.length === 0) throw new Error(`no ${type} (${what}) under ${scope.node.path}`);
  return found[0];
}

/** Removes a construct from its parent (the escape hatch for "deleted a block of code"); returns the parent. */
export function remove(c: IConstruct): IConstruct {
  const parent = c.node.scope;
  if (!parent || !parent.node.tryRemoveChild(c.node.id)) throw new Error(`could not remove ${c.node.path}`);
  return parent;
}

/** The metrics of an alarm (single metric or metric-math entries): namespace, name, stat. */
export function alarmMetrics(alarm: CfnResource): { namespace?: string; name?: string; stat?: string }[] {
  const p = props(alarm);
  const direct = p.MetricName ? [{ namespace: p.Namespace, name: p.MetricName, stat: p.Statistic }] : [];
  const math = list(p.Metrics)
    .filter(isObject)
    .filter((m) => isObject(m.MetricStat))
    .map((m) => ({ namespace: m.MetricStat.Metric?.Namespace, name: m.MetricStat.Metric?.MetricName, stat: m.MetricStat.Stat }));
  return [...direct, ...math];
}

/**
 * The alarms under `scope` that watch `namespace`/`metricName` (keyed on the metric, not on the
 * construct id, so a rewrite of the monitoring constructs keeps them findable).
 */
export function alarmsOnMetric(scope: IConstruct, namespace: string, metricName: string, where: (alarm: CfnResource) => boolean = () => true): CfnResource[] {
  const found = resourcesOf(scope, 'AWS::CloudWatch::Alarm', (a) => alarmMetrics(a).some((m) => m.namespace === namespace && m.name === metricName) && where(a));
  if (found.length === 0) throw new Error(`no alarm on ${namespace}/${metricName} under ${scope.node.path}`);
  return found;
}

/** Removes every given resource (and its L2 wrapper when the L1 is the wrapper's default child); returns what was changed. */
export function removeAll(resources: CfnResource[]): IConstruct[] {
  return resources.map((r) => {
    const parent = r.node.scope;
    const wrapper = parent && parent.node.defaultChild === r ? parent : r;
    return remove(wrapper);
  });
}

/** The stack a construct belongs to. */
export function stackOf(c: IConstruct): Stack {
  return Stack.of(c);
}
