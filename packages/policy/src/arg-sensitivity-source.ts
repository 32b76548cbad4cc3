// The normalised `sensitivity:` section of a policy file (see policy-source.ts for the rest).

/** Levels an argument can be raised to: the envelope's own level is `internal` (ADR 0008). */
export const ARG_LEVELS = ["confidential", "secret"] as const;
export type ArgLevel = (typeof ARG_LEVELS)[number];

/** Raises the recorded level of the arguments it matches; it never changes what runs or its level. */
export interface ArgSensitivityRule {
  id: string;
  description?: string;
  /** Tool-name globs. */
  tool: string[];
  /** Argument-name globs (top-level argument names); absent = every argument. */
  arg?: string[];
  /** Only when the argument, read as a command, assigns an environment variable (`FOO=x cmd`). */
  envAssignments: boolean;
  level: ArgLevel;
}

export interface SensitivitySpec {
  args: ArgSensitivityRule[];
  /** Extra regular expressions (JavaScript, `u` flag) whose match anywhere in an argument makes it secret. */
  secretPatterns: string[];
}
