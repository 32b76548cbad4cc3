import type { ShellWord } from "./shell-analysis.ts";

// Words that run the command after them: `env git push`, `nohup rm -rf /`, `time curl …`.
const WRAPPERS = new Set([
  "!",
  "{",
  "then",
  "do",
  "else",
  "time",
  "exec",
  "command",
  "builtin",
  "nohup",
  "env",
  "sudo",
  "doas",
  "nice",
  "ionice",
  "stdbuf",
  "xargs",
  "timeout",
]);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;
const OPTION_OR_NUMBER = /^-|^\d+(\.\d+)?[smhd]?$/;

/** `/usr/bin/rm` and `rm` name the same program for the deny side. */
export function programName(word: string): string {
  const slash = word.lastIndexOf("/");
  return slash < 0 ? word : word.slice(slash + 1);
}

/**
 * Index of the word that names the program a simple command finally runs, skipping assignments
 * (`FOO=1 rm`), wrappers and their options/numbers (`env -i rm`, `timeout 5 rm`); -1 if none.
 * Used by the deny side only: the allow side (`prefix`) compares words exactly.
 */
export function commandStart(words: readonly ShellWord[]): number {
  let afterWrapper = false;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!.value;
    if (WRAPPERS.has(programName(w))) afterWrapper = true;
    else if (!(ASSIGNMENT.test(w) || (afterWrapper && OPTION_OR_NUMBER.test(w)))) return i;
  }
  return -1;
}

/**
 * Indices where a program name may stand: each wrapper (`sudo` is itself a program a deny rule may
 * name) and the command it runs.
 */
export function programPositions(words: readonly ShellWord[]): number[] {
  const at = commandStart(words);
  const last = at < 0 ? words.length - 1 : at;
  const out: number[] = [];
  for (let i = 0; i <= last; i++) {
    const w = words[i]!.value;
    if (!ASSIGNMENT.test(w) && !OPTION_OR_NUMBER.test(w)) out.push(i);
  }
  return out;
}
