import { DEFAULT_MAX_DEPTH, depthLimitProblem } from "./depth-limit.ts";
import { JcsError } from "./jcs-error.ts";
import { memberPrefix } from "./member-prefix.ts";
import { serializeNumber } from "./serialize-number.ts";
import { serializeString } from "./serialize-string.ts";
import { sortKeys } from "./sort-keys.ts";

export interface CanonicalizeOptions {
  /** Nesting limit (arrays and objects); default 128, at most 1024. */
  maxDepth?: number;
}

// Containers on the path from the root to the value being serialized. Module-level and reused so
// the hot path allocates nothing for cycle detection. Each call restores the length it found, so a
// getter that itself calls canonicalize cannot corrupt an outer call's view.
const ancestors: object[] = [];

/**
 * RFC 8785 (JCS) canonical JSON text of `value`. Strict: instead of fixing up a value that has no
 * single canonical form (NaN, lone surrogate, unsafe integer, undefined, a Date, a class instance,
 * a cycle), it throws a JcsError whose `path` names the offending value.
 */
export function canonicalize(value: unknown, options?: CanonicalizeOptions): string {
  let maxDepth = DEFAULT_MAX_DEPTH;
  if (options?.maxDepth !== undefined) {
    const problem = depthLimitProblem(options.maxDepth);
    if (problem !== undefined) throw new JcsError("invalid-option", problem);
    maxDepth = options.maxDepth;
  }
  const base = ancestors.length;
  try {
    return serializeValue(value, maxDepth);
  } finally {
    ancestors.length = base;
  }
}

function serializeValue(value: unknown, depthLeft: number): string {
  switch (typeof value) {
    case "string":
      return serializeString(value);
    case "number":
      return serializeNumber(value);
    case "boolean":
      return value ? "true" : "false";
    case "object":
      if (value === null) return "null";
      if (Array.isArray(value)) return serializeArray(value, depthLeft);
      return serializeObject(value, depthLeft);
    default:
      // undefined, bigint, symbol, function: JSON.stringify would silently drop or throw on these;
      // a dropped field would hash differently from what the caller believes it committed to.
      throw new JcsError("unsupported-type", `${typeof value} is not a JSON value`);
  }
}

function enter(container: object, depthLeft: number): void {
  if (depthLeft <= 0) throw new JcsError("too-deep", "nesting exceeds the depth limit");
  if (ancestors.includes(container)) throw new JcsError("cycle", "value contains a reference cycle");
  ancestors.push(container);
}

function serializeArray(array: readonly unknown[], depthLeft: number): string {
  enter(array, depthLeft);
  let out = "[";
  let index = 0;
  try {
    for (; index < array.length; index++) {
      if (index > 0) out += ",";
      // Holes read as undefined and are rejected like any undefined element.
      out += serializeValue(array[index], depthLeft - 1);
    }
  } catch (error) {
    throw error instanceof JcsError ? error.withParent(index) : error;
  }
  ancestors.pop();
  return out + "]";
}

function serializeObject(object: object, depthLeft: number): string {
  const proto = Object.getPrototypeOf(object);
  if (proto !== Object.prototype && proto !== null) {
    // Dates, Maps, typed arrays and class instances have no single obvious JSON form.
    const kind = (proto as { constructor?: { name?: string } }).constructor?.name ?? "object";
    throw new JcsError("unsupported-type", `${kind} is not a plain JSON object`);
  }
  enter(object, depthLeft);
  const keys = sortKeys(Object.keys(object));
  const record = object as Record<string, unknown>;
  let out = "{";
  let key = "";
  try {
    for (let i = 0; i < keys.length; i++) {
      key = keys[i]!;
      const member = memberPrefix(key);
      out += i > 0 ? `,${member}` : member;
      out += serializeValue(record[key], depthLeft - 1);
    }
  } catch (error) {
    throw error instanceof JcsError ? error.withParent(key) : error;
  }
  ancestors.pop();
  return out + "}";
}
