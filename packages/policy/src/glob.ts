import picomatch from "picomatch";

export type Matcher = (value: string) => boolean;

// Characters that make a pattern more than a literal (or its base directory more than literal text).
const SPECIAL = /[\\*?[\]{}()!+@]/;

/**
 * One glob → a precompiled matcher. `dot: true` so `secrets/**` also covers `secrets/.key`: a glob
 * means what it says, and a deny rule must not miss dotfiles. Throws on a malformed pattern.
 * Hot path (decide): a literal pattern is a string comparison, and a glob is only run as a regex
 * when the value starts with the glob's literal base directory (`pkg3/**` needs `pkg3` or `pkg3/…`).
 */
export function compileGlob(pattern: string, options: { nocase?: boolean } = {}): Matcher {
  const nocase = options.nocase === true;
  const re = picomatch.makeRe(pattern, { dot: true, strictBrackets: true, nocase });
  if (!SPECIAL.test(pattern)) {
    if (!nocase) return (value) => value === pattern;
    const lower = pattern.toLowerCase();
    return (value) => value.length === lower.length && value.toLowerCase() === lower;
  }
  const { base } = picomatch.scan(pattern);
  if (nocase || base === "" || SPECIAL.test(base)) return (value) => value !== "" && re.test(value);
  const dir = `${base}/`;
  return (value) => (value === base || value.startsWith(dir)) && re.test(value);
}

/** Any of several globs. */
export function compileGlobs(patterns: readonly string[], options: { nocase?: boolean } = {}): Matcher {
  const matchers = patterns.map((p) => compileGlob(p, options));
  if (matchers.length === 1) return matchers[0]!;
  return (value) => {
    for (const m of matchers) if (m(value)) return true;
    return false;
  };
}

export function isGlob(pattern: string): boolean {
  return picomatch.scan(pattern).isGlob;
}
