/** Bound on the words one brace expression may become; beyond it the word counts as unprovable. */
export const MAX_BRACE_EXPANSIONS = 256;
const MAX_SEQUENCE = 256;

/**
 * Bash brace expansion of one word (`.lode{s,x}tar`, `{a,b}/{c,d}`, `.l{a..z}destar`), for
 * classification only. Threat: a name the shell assembles from pieces (`cp .lodes{t,}ar/keys x`).
 * Returns null when the result would exceed MAX_BRACE_EXPANSIONS. A `{` with no top-level comma
 * or `..` range is literal, as in bash.
 */
export function expandBraces(word: string): string[] | null {
  const out: string[] = [];
  return expandInto(word, out) ? out : null;
}

function expandInto(word: string, out: string[]): boolean {
  const open = findBrace(word);
  if (open === null) {
    if (out.length >= MAX_BRACE_EXPANSIONS) return false;
    out.push(word);
    return true;
  }
  const { start, end, alternatives } = open;
  const pre = word.slice(0, start);
  const post = word.slice(end + 1);
  for (const alt of alternatives) if (!expandInto(pre + alt + post, out)) return false;
  return true;
}

/** The first brace expression that expands: its bounds and its alternatives (not yet expanded). */
function findBrace(word: string): { start: number; end: number; alternatives: string[] } | null {
  for (let start = word.indexOf("{"); start >= 0; start = word.indexOf("{", start + 1)) {
    let depth = 0;
    const commas: number[] = [];
    let end = -1;
    for (let i = start; i < word.length; i++) {
      const c = word[i];
      if (c === "\\") i++;
      else if (c === "{") depth++;
      else if (c === "}") {
        depth--;
        if (depth === 0) {
          end = i;
          break;
        }
      } else if (c === "," && depth === 1) commas.push(i);
    }
    if (end < 0) return null;
    const body = word.slice(start + 1, end);
    if (commas.length > 0) {
      const alternatives: string[] = [];
      let from = start + 1;
      for (const comma of [...commas, end]) {
        alternatives.push(word.slice(from, comma));
        from = comma + 1;
      }
      return { start, end, alternatives };
    }
    const range = sequence(body);
    if (range !== null) return { start, end, alternatives: range };
  }
  return null;
}

/** `a..e`, `1..10`, `10..1..2`: bash sequence expressions (single characters or integers). */
function sequence(body: string): string[] | null {
  const m = /^(-?\d+|.)\.\.(-?\d+|.)(?:\.\.(-?\d+))?$/.exec(body);
  if (m === null) return null;
  const step = Math.abs(Number(m[3] ?? 1)) || 1;
  const numeric = /^-?\d+$/.test(m[1]!) && /^-?\d+$/.test(m[2]!);
  if (!numeric && (m[1]!.length !== 1 || m[2]!.length !== 1)) return null;
  const from = numeric ? Number(m[1]) : m[1]!.codePointAt(0)!;
  const to = numeric ? Number(m[2]) : m[2]!.codePointAt(0)!;
  if (Math.abs(to - from) / step > MAX_SEQUENCE) return null;
  const out: string[] = [];
  const dir = to >= from ? step : -step;
  for (let v = from; dir > 0 ? v <= to : v >= to; v += dir)
    out.push(numeric ? String(v) : String.fromCodePoint(v));
  return out;
}
