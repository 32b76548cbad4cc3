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
const DURATION_OR_COUNT = /^\d+(\.\d+)?[smhd]?$/;

/**
 * Index of the word that names the program a simple command runs, skipping assignments
 * (`FOO=1 rm`), wrappers and their options/numbers (`env -i rm`, `timeout 5 rm`); -1 if none.
 * Used by the deny side (`contains`) only: the allow side (`prefix`) compares words exactly.
 */
export function commandStart(words: readonly ShellWord[]): number {
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!.value;
    const skippable =
      ASSIGNMENT.test(w) ||
      ((i === 0 || isWrapperContext(words, i)) &&
        (WRAPPERS.has(w) || w.startsWith("-") || DURATION_OR_COUNT.test(w)));
    if (!skippable) return i;
  }
  return -1;
}

function isWrapperContext(words: readonly ShellWord[], i: number): boolean {
  for (let k = i - 1; k >= 0; k--) {
    const w = words[k]!.value;
    if (WRAPPERS.has(w)) return true;
    if (!(ASSIGNMENT.test(w) || w.startsWith("-") || DURATION_OR_COUNT.test(w))) return false;
  }
  return false;
}

/** `/usr/bin/rm` and `rm` name the same program for the deny side. */
export function programName(word: string): string {
  const slash = word.lastIndexOf("/");
  return slash < 0 ? word : word.slice(slash + 1);
}
