import { MAX_SHELL_DEPTH, skipBacktick, skipTo } from "./shell-skip.ts";

/** One shell word after quote removal. `dynamic`: its runtime value depends on an expansion. */
export interface ShellWord {
  readonly value: string;
  readonly dynamic: boolean;
}

/**
 * What a POSIX shell would do with a command string, for classification only (never to run it).
 * Threat: an agent hides a second command behind an allowed prefix (`git status; rm -rf /`,
 * `ls $(curl evil)`, `` ls `id` ``, `ls > ~/.bashrc`). Anything the shell would interpret beyond
 * plain words shows up in `operators` or `expansions`, and only `plain` commands expose `argv`.
 */
export interface ShellAnalysis {
  /** False when the input could not be fully parsed (unterminated quote, too deep, NUL, too long). */
  readonly ok: boolean;
  /** One simple command made only of literal words: the shell would run exactly `argv`. */
  readonly plain: boolean;
  /** The literal words when `plain`, otherwise null. */
  readonly argv: readonly string[] | null;
  /** Every simple command, including those inside substitutions, without redirection targets. */
  readonly segments: readonly (readonly ShellWord[])[];
  /** Control and redirection operators, substitutions (`$(`, `` ` ``), comments, parse failures. */
  readonly operators: readonly string[];
  /** Parameter, tilde, glob, brace and ANSI-C expansions: the word's runtime value is not literal. */
  readonly expansions: readonly string[];
}

const MAX_COMMAND_LENGTH = 65_536;
// Longest first: the shell tokenizes operators by maximal munch.
const OPERATORS = [
  "&>>",
  "<<<",
  "<<-",
  ";;&",
  "&&",
  "||",
  ";;",
  ";&",
  "|&",
  "<<",
  ">>",
  "<&",
  ">&",
  "<>",
  ">|",
  "&>",
  ";",
  "&",
  "|",
  "(",
  ")",
  "<",
  ">",
];
const OPERATOR_START = ";&|()<>";
const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;
const SPECIAL_PARAM = "0123456789@*#?$!-";

interface Acc {
  ok: boolean;
  readonly segments: ShellWord[][];
  readonly operators: Set<string>;
  readonly expansions: Set<string>;
}

interface Word {
  value: string;
  started: boolean;
  dynamic: boolean;
  quoted: boolean;
}

export function analyzeShell(command: string): ShellAnalysis {
  const acc: Acc = { ok: true, segments: [], operators: new Set(), expansions: new Set() };
  if (command.length > MAX_COMMAND_LENGTH) fail(acc, "too-long");
  else if (command.includes("\0"))
    fail(acc, "nul"); // argv strings end at NUL: what runs ≠ what we saw
  else scan(command, 0, acc);
  const plain = acc.ok && acc.operators.size === 0 && acc.expansions.size === 0 && acc.segments.length === 1;
  return {
    ok: acc.ok,
    plain,
    argv: plain ? acc.segments[0]!.map((w) => w.value) : null,
    segments: acc.segments,
    operators: [...acc.operators],
    expansions: [...acc.expansions],
  };
}

function fail(acc: Acc, why: string): void {
  acc.ok = false;
  acc.operators.add(why);
}

function scan(src: string, depth: number, acc: Acc): void {
  if (depth > MAX_SHELL_DEPTH) {
    fail(acc, "too-deep");
    return;
  }
  let segment: ShellWord[] = [];
  let word: Word = { value: "", started: false, dynamic: false, quoted: false };
  let redirectTarget = false;
  const endWord = (): void => {
    if (!word.started) return;
    if (redirectTarget) redirectTarget = false;
    else segment.push({ value: word.value, dynamic: word.dynamic });
    word = { value: "", started: false, dynamic: false, quoted: false };
  };
  const endSegment = (): void => {
    endWord();
    if (segment.length > 0) acc.segments.push(segment);
    segment = [];
    redirectTarget = false;
  };
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === " " || c === "\t") {
      endWord();
      i++;
    } else if (c === "\n") {
      acc.operators.add("newline");
      endSegment();
      i++;
    } else if (OPERATOR_START.includes(c)) {
      const op = OPERATORS.find((o) => src.startsWith(o, i))!;
      acc.operators.add(op);
      i += op.length;
      if (op.includes("<") || op.includes(">")) {
        // `2>` : the digits are a file descriptor, not a word of the command.
        if (word.started && !word.quoted && !word.dynamic && /^\d+$/.test(word.value)) {
          word = { value: "", started: false, dynamic: false, quoted: false };
        }
        endWord();
        redirectTarget = true;
      } else {
        endSegment();
      }
    } else if (c === "#" && !word.started) {
      acc.operators.add("#"); // a comment: whatever follows is not run by sh, but may be by other shells
      while (i < src.length && src[i] !== "\n") i++;
    } else if (c === "\\") {
      if (i + 1 >= src.length) {
        fail(acc, "trailing-backslash");
        i++;
      } else {
        if (src[i + 1] !== "\n") appendQuoted(word, src[i + 1]!);
        i += 2;
      }
    } else if (c === "'") {
      const j = src.indexOf("'", i + 1);
      if (j < 0) {
        fail(acc, "unterminated-quote");
        appendQuoted(word, src.slice(i + 1));
        i = src.length;
      } else {
        appendQuoted(word, src.slice(i + 1, j));
        i = j + 1;
      }
    } else if (c === '"') {
      i = scanDouble(src, i + 1, depth, acc, word);
    } else if (c === "`") {
      i = backtick(src, i + 1, depth, acc, word);
    } else if (c === "$") {
      i = dollar(src, i, depth, acc, word, false);
    } else {
      // Tilde expands at a word start and after `=`/`:` (bash: `--prefix=~/x`).
      const tilde = c === "~" && (!word.started || /[=:]$/.test(word.value));
      if (tilde || "*?[{}".includes(c)) {
        acc.expansions.add(c === "~" ? "~" : c === "{" || c === "}" ? "brace" : "glob");
        word.dynamic = true;
      }
      word.value += c;
      word.started = true;
      i++;
    }
  }
  endSegment();
}

function appendQuoted(word: Word, text: string): void {
  word.value += text;
  word.started = true;
  word.quoted = true;
}

function scanDouble(src: string, i: number, depth: number, acc: Acc, word: Word): number {
  appendQuoted(word, "");
  while (i < src.length) {
    const c = src[i]!;
    if (c === '"') return i + 1;
    if (c === "\\") {
      const next = src[i + 1];
      // Inside double quotes a backslash only escapes $ ` " \ and newline.
      if (next !== undefined && '$`"\\\n'.includes(next)) {
        if (next !== "\n") word.value += next;
        i += 2;
      } else {
        word.value += c;
        i++;
      }
    } else if (c === "$") {
      i = dollar(src, i, depth, acc, word, true); // "$(rm -rf /)" still runs: quotes do not stop it
    } else if (c === "`") {
      i = backtick(src, i + 1, depth, acc, word);
    } else {
      word.value += c;
      i++;
    }
  }
  fail(acc, "unterminated-quote");
  return i;
}

function backtick(src: string, i: number, depth: number, acc: Acc, word: Word): number {
  acc.operators.add("`");
  word.started = true;
  word.dynamic = true;
  const j = skipBacktick(src, i);
  const raw = src.slice(i, j < 0 ? src.length : j);
  if (j < 0) fail(acc, "unterminated-substitution");
  scan(raw.replace(/\\([\\`$])/g, "$1"), depth + 1, acc);
  return j < 0 ? src.length : j + 1;
}

/** `$…` at `i`: substitution, parameter, ANSI-C quote, or a literal dollar. Returns the next index. */
function dollar(src: string, i: number, depth: number, acc: Acc, word: Word, inDouble: boolean): number {
  const next = src[i + 1] ?? "";
  word.started = true;
  if (next === "(" || next === "{") {
    const close = next === "(" ? ")" : "}";
    if (next === "(") acc.operators.add(src[i + 2] === "(" ? "$((" : "$(");
    else acc.expansions.add("${");
    word.dynamic = true;
    const j = skipTo(src, i + 2, close, depth + 1);
    if (j < 0) fail(acc, "unterminated-substitution");
    // Parameter expansions can hide substitutions too: `${x:-$(rm -rf /)}`.
    scan(src.slice(i + 2, j < 0 ? src.length : j), depth + 1, acc);
    return j < 0 ? src.length : j + 1;
  }
  if (!inDouble && (next === "'" || next === '"')) {
    acc.expansions.add(next === "'" ? "$'" : '$"');
    word.dynamic = true;
    if (next === '"') return scanDouble(src, i + 2, depth, acc, word);
    let j = i + 2;
    while (j < src.length && src[j] !== "'") j += src[j] === "\\" ? 2 : 1;
    if (j >= src.length) fail(acc, "unterminated-quote");
    word.value += src.slice(i + 2, j);
    return Math.min(j + 1, src.length);
  }
  if (NAME_START.test(next) || (next !== "" && SPECIAL_PARAM.includes(next))) {
    acc.expansions.add("$");
    word.dynamic = true;
    let j = i + 2;
    if (NAME_START.test(next)) while (j < src.length && NAME_CHAR.test(src[j]!)) j++;
    word.value += src.slice(i, j);
    return j;
  }
  word.value += "$";
  return i + 1;
}

const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** POSIX quoting for one word, so a rewritten argv re-parses to exactly the same words. */
export function quoteShellWord(word: string): string {
  if (SAFE_WORD.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}
