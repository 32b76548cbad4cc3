// `NAME=value` as a shell word: the value is handed to the command as an environment variable,
// which is how credentials are usually passed on a command line (`AWS_SECRET_ACCESS_KEY=… aws …`).
const ASSIGNMENT_WORD = /^[A-Za-z_][A-Za-z0-9_]*=/;
// In a command string: such a word at the start or after a blank, an operator or an opening quote.
// Over-matching (`make FOO=1`, a quoted `"FOO=1"`) only redacts more, never less.
const ASSIGNMENT_IN_LINE = /(?:^|[\s;&|(`'"])[A-Za-z_][A-Za-z0-9_]*=/;

/**
 * True when `value`, read as a command (a shell string, or an argv list), assigns an environment
 * variable anywhere: `FOO=x cmd`, `env FOO=x cmd`, `export FOO=x`, `a; FOO=x b`.
 */
export function hasEnvAssignment(value: unknown): boolean {
  if (typeof value === "string") return ASSIGNMENT_IN_LINE.test(value);
  if (Array.isArray(value))
    return value.some((word) => typeof word === "string" && ASSIGNMENT_WORD.test(word));
  return false;
}
