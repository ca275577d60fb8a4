/**
 * Reading values of a resolved template view (see `template-view.ts`): literals known at synth
 * time, lists that may be a single item, strings joined from literal and unknown parts, JSON
 * written with tokens, ARNs. Pure functions of their argument.
 */
import { Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

export function isObject(x: unknown): x is Record<string, any> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** A string or number: a literal part of a joined string. */
export function isPlain(x: unknown): x is string | number {
  return typeof x === 'string' || typeof x === 'number';
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

/** A value that may be a single item or a list (IAM Action/Resource, …) as a list; [] when absent. */
export function oneOrMany(x: unknown): unknown[] {
  if (x === undefined || x === null) return [];
  return Array.isArray(x) ? x : [x];
}

/** Whether `obj` is an object with `key` set (e.g. `Action: { Block: {} }`). */
export function has(obj: unknown, key: string): boolean {
  return isObject(obj) && obj[key] !== undefined && obj[key] !== null;
}

/** `[{Key, Value}]` as a map (later entries win, like the API). */
export function keyValueMap(x: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const e of list(x)) if (isObject(e) && typeof e.Key === 'string') out[e.Key] = e.Value;
  return out;
}

/** Tags in list form `[{Key, Value}]` or map form, as a map of their string values. */
export function tagMap(tags: unknown): Record<string, string> {
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
 * that are not literal come back as they were (reference markers stay markers, so a scan's
 * `refTargets` sees them); a string mixing text and such parts comes back as an `Fn::Join`.
 * Undefined if not JSON.
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
