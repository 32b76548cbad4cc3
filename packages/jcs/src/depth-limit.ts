/** Default nesting limit for canonicalize and parseStrict (arrays and objects both count). */
export const DEFAULT_MAX_DEPTH = 128;

/**
 * Upper bound on a caller-chosen limit. Both walkers recurse once per level; capping the limit keeps
 * the worst case far below the engine's stack, so hostile nesting yields a typed error, never a
 * RangeError from stack exhaustion.
 */
export const MAX_ALLOWED_DEPTH = 1024;

/** Validates a caller-supplied depth limit; returns undefined when it is acceptable. */
export function depthLimitProblem(maxDepth: number): string | undefined {
  if (!Number.isInteger(maxDepth) || maxDepth < 1 || maxDepth > MAX_ALLOWED_DEPTH) {
    return `maxDepth must be an integer in 1..${MAX_ALLOWED_DEPTH}, got ${String(maxDepth)}`;
  }
  return undefined;
}
