import picomatch from "picomatch";

export type Matcher = (value: string) => boolean;

/**
 * One glob → a precompiled matcher. `dot: true` so `secrets/**` also covers `secrets/.key`: a glob
 * means what it says, and a deny rule must not miss dotfiles. Throws on a malformed pattern.
 */
export function compileGlob(pattern: string, options: { nocase?: boolean } = {}): Matcher {
  const isMatch = picomatch(pattern, { dot: true, strictBrackets: true, nocase: options.nocase === true });
  return (value) => isMatch(value);
}

/** Any of several globs. */
export function compileGlobs(patterns: readonly string[], options: { nocase?: boolean } = {}): Matcher {
  const matchers = patterns.map((p) => compileGlob(p, options));
  if (matchers.length === 1) return matchers[0]!;
  return (value) => matchers.some((m) => m(value));
}

export function isGlob(pattern: string): boolean {
  return picomatch.scan(pattern).isGlob;
}
