import { z } from "zod";

/**
 * Names label keys in files, prompts and logs. A restricted alphabet keeps them from smuggling
 * control characters or look-alike text into an approver's terminal.
 */
export const keyNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/, "must be 1-64 of A-Z a-z 0-9 . _ @ - starting alphanumeric");
