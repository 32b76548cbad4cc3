import { hash, verify } from "@node-rs/argon2";

/**
 * Argon2id (the library's algorithm 2; its const enum cannot be imported under isolatedModules)
 * at OWASP's second recommended profile: 19 MiB, 2 passes, 1 lane. A stolen users table then
 * costs an attacker ~19 MiB and two passes per guess per account (threat: offline cracking).
 */
const ARGON2ID = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Shortest password accepted at sign-up; longest hashed (a megabyte password is a CPU attack). */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2ID);
}

/** A hash of a password nobody knows, verified when the email is unknown (see verifyPassword). */
let decoyHash: Promise<string> | undefined;

/**
 * True when `password` matches `passwordHash`. With no hash (unknown email, or an account that
 * signs in only through OIDC) it still runs one argon2 verification against a decoy, so the
 * answer takes as long as for a real account (threat: account enumeration by timing).
 */
export async function verifyPassword(
  passwordHash: string | null | undefined,
  password: string,
): Promise<boolean> {
  if (password.length > PASSWORD_MAX_LENGTH) return false;
  if (!passwordHash) {
    decoyHash ??= hashPassword(crypto.randomUUID());
    await verify(await decoyHash, password).catch(() => false);
    return false;
  }
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}
