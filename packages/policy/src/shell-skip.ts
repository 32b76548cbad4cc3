// Bracket matching for the shell analyser: finds where a `$( … )`, `${ … }`, `` ` … ` `` or
// double-quoted string ends, honouring nested quotes and substitutions the way a POSIX shell does.
// Every function returns -1 when the construct never closes or nests deeper than MAX_SHELL_DEPTH;
// the analyser then marks the command unparseable, which no allow rule can match.

/** Nesting limit: deeper input is rejected rather than risking a stack overflow (10,000-deep `$(`). */
export const MAX_SHELL_DEPTH = 32;

const WORD_BREAK = " \t\n;&|()<>";

/** Index of the `)` (close ")") or `}` (close "}") that ends a construct whose body starts at `i`. */
export function skipTo(src: string, i: number, close: ")" | "}", depth: number): number {
  if (depth > MAX_SHELL_DEPTH) return -1;
  const start = i;
  let parens = 1;
  while (i < src.length) {
    const c = src[i]!;
    if (c === "\\") {
      i += 2;
    } else if (c === "'") {
      const j = src.indexOf("'", i + 1);
      if (j < 0) return -1;
      i = j + 1;
    } else if (c === '"') {
      i = skipDouble(src, i + 1, depth + 1);
      if (i < 0) return -1;
    } else if (c === "`") {
      const j = skipBacktick(src, i + 1);
      if (j < 0) return -1;
      i = j + 1;
    } else if (c === "$" && (src[i + 1] === "(" || src[i + 1] === "{")) {
      const j = skipTo(src, i + 2, src[i + 1] === "(" ? ")" : "}", depth + 1);
      if (j < 0) return -1;
      i = j + 1;
    } else if (c === "#" && close === ")" && (i === start || WORD_BREAK.includes(src[i - 1]!))) {
      // A comment inside `$( … )` may contain `)`; the shell ignores it, so must we.
      while (i < src.length && src[i] !== "\n") i++;
    } else if (close === ")" && c === "(") {
      parens++;
      i++;
    } else if (close === ")" && c === ")") {
      parens--;
      if (parens === 0) return i;
      i++;
    } else if (close === "}" && c === "}") {
      return i;
    } else {
      i++;
    }
  }
  return -1;
}

/** Index just past the `"` that closes a double-quoted string whose body starts at `i`. */
export function skipDouble(src: string, i: number, depth: number): number {
  if (depth > MAX_SHELL_DEPTH) return -1;
  while (i < src.length) {
    const c = src[i]!;
    if (c === "\\") {
      i += 2;
    } else if (c === '"') {
      return i + 1;
    } else if (c === "`") {
      const j = skipBacktick(src, i + 1);
      if (j < 0) return -1;
      i = j + 1;
    } else if (c === "$" && (src[i + 1] === "(" || src[i + 1] === "{")) {
      const j = skipTo(src, i + 2, src[i + 1] === "(" ? ")" : "}", depth + 1);
      if (j < 0) return -1;
      i = j + 1;
    } else {
      i++;
    }
  }
  return -1;
}

/** Index of the unescaped backtick that closes a `` ` `` substitution whose body starts at `i`. */
export function skipBacktick(src: string, i: number): number {
  while (i < src.length) {
    const c = src[i]!;
    if (c === "\\") i += 2;
    else if (c === "`") return i;
    else i++;
  }
  return -1;
}
