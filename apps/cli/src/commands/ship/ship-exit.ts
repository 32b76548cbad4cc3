import { CliError } from "../../cli-error.ts";

/**
 * `lodestar ship`'s exit statuses (documented in its usage and the README): scripts retry on 3,
 * stop and look on 4, fix credentials on 5.
 */
export const SHIP_EXIT = {
  ok: 0,
  usage: 2,
  /** The server could not be reached or failed (5xx): retry later; shipping resumes. */
  network: 3,
  /** The server refused the content: a fork, an invalid line, an unregistered checkpoint key. */
  refused: 4,
  /** The token is missing, invalid, revoked, expired, or lacks the scope. */
  auth: 5,
} as const;

export function networkError(message: string, cause?: unknown): CliError {
  return new CliError("io", message, SHIP_EXIT.network, { cause });
}

export function refusedError(message: string): CliError {
  return new CliError("rejected", message, SHIP_EXIT.refused);
}

export function authError(message: string): CliError {
  return new CliError("config", message, SHIP_EXIT.auth);
}
