/**
 * How the configuration's layers combine (README, "Configuration"): each layer (context object,
 * file, flag) is merged over the one below it, starting from the embedded default.
 * - Objects merge key by key …
 * - … except the objects listed in `REPLACED_WHOLE`, which are one choice among exclusive forms
 *   (a certificate is either an ARN or a DNS-validated domain): the user's object replaces the
 *   default's, so a default key never mixes into the form the user chose.
 * - A list or a scalar replaces the value below it.
 * - `null` removes the value below it (a default the user does not want).
 */
export const REPLACED_WHOLE: readonly string[] = ['edge.certificate'];

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Merges `override` over `base` at `path` (dotted); returns undefined when `override` removes the value. */
export function mergeLayer(base: unknown, override: unknown, path = ''): unknown {
  if (override === null) return undefined;
  if (!isPlainObject(override)) return override;
  if (!isPlainObject(base) || REPLACED_WHOLE.includes(path)) return withoutNulls(override);
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const merged = mergeLayer(base[key], value, path ? `${path}.${key}` : key);
    if (merged === undefined) delete out[key];
    else out[key] = merged;
  }
  return out;
}

function withoutNulls(node: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (value === null) continue;
    out[key] = isPlainObject(value) ? withoutNulls(value) : value;
  }
  return out;
}

/**
 * The dotted fields a layer sets, `null` included (removing a default is a choice too); an
 * object replaced whole counts as set along with its keys.
 */
export function fieldsSet(layer: unknown, path = ''): string[] {
  if (!isPlainObject(layer)) return path ? [path] : [];
  const own = path && REPLACED_WHOLE.includes(path) ? [path] : [];
  return [...own, ...Object.entries(layer).flatMap(([key, value]) => fieldsSet(value, path ? `${path}.${key}` : key))];
}

/** The fields a layer sets to `null`. */
export function fieldsRemoved(layer: unknown, path = ''): string[] {
  if (layer === null) return path ? [path] : [];
  if (!isPlainObject(layer)) return [];
  return Object.entries(layer).flatMap(([key, value]) => fieldsRemoved(value, path ? `${path}.${key}` : key));
}

/** The value at a dotted path, or undefined. */
export function valueAt(node: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((n, key) => (isPlainObject(n) ? n[key] : undefined), node);
}

/** A copy of `node` with the value at a dotted path set (creating objects on the way). */
export function withValueAt(node: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const [head, ...rest] = path.split('.');
  if (rest.length === 0) return { ...node, [head]: value };
  const child = isPlainObject(node[head]) ? (node[head] as Record<string, unknown>) : {};
  return { ...node, [head]: withValueAt(child, rest.join('.'), value) };
}

/** A copy of `node` without the value at a dotted path. */
export function withoutValueAt(node: Record<string, unknown>, path: string): Record<string, unknown> {
  const [head, ...rest] = path.split('.');
  if (!(head in node)) return node;
  if (rest.length === 0) {
    const others = { ...node };
    delete others[head];
    return others;
  }
  const child = node[head];
  return isPlainObject(child) ? { ...node, [head]: withoutValueAt(child, rest.join('.')) } : node;
}
