import { createHash, randomBytes } from "node:crypto";

/**
 * API tokens: `mn_<tenant id, 32 lowercase hex>_<secret: 43 base64url chars of 32 random bytes>`.
 *
 * The tenant id is not secret: the server reads it to set the tenant of the transaction, then looks
 * the token up by sha256(whole token) under row-level security, so a token can only ever be found
 * inside its own tenant (no global lookup, no RLS bypass). The 256-bit secret makes guessing
 * infeasible; only its hash is stored, so a leaked table does not leak usable tokens.
 */
const TOKEN_PATTERN = /^mn_([0-9a-f]{32})_([A-Za-z0-9_-]{43})$/;

/** Scopes a token can carry: shipping sessions, the guard's channel, registering operator keys. */
export const API_TOKEN_SCOPES = ["ingest", "guard", "keys"] as const;
export type ApiTokenScope = (typeof API_TOKEN_SCOPES)[number];

export interface ParsedApiToken {
  /** The tenant id as a uuid (with dashes). */
  tenantId: string;
  /** sha256 of the whole token string: what is stored and looked up. */
  hash: Buffer;
}

/** A new token for `tenantId`; the caller shows it once and stores only `hash`. */
export function generateApiToken(tenantId: string): { token: string; hash: Buffer } {
  const hex = tenantId.replaceAll("-", "").toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(hex)) throw new TypeError("tenant id must be a uuid");
  const token = `mn_${hex}_${randomBytes(32).toString("base64url")}`;
  return { token, hash: hashApiToken(token) };
}

/**
 * Reads a presented token. Anything malformed is undefined (the caller answers `invalid-token`, the
 * same as for an unknown one: no oracle telling which part was wrong). The secret must be the
 * canonical spelling of 32 bytes, so no two strings name one token.
 */
export function parseApiToken(text: string): ParsedApiToken | undefined {
  const match = TOKEN_PATTERN.exec(text);
  if (match === null) return undefined;
  const [, hex, secret] = match as unknown as [string, string, string];
  if (Buffer.from(secret, "base64url").toString("base64url") !== secret) return undefined;
  const tenantId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return { tenantId, hash: hashApiToken(text) };
}

export function hashApiToken(token: string): Buffer {
  return createHash("sha256").update(token, "utf8").digest();
}

/** The token from `Authorization: Bearer …`, or undefined. */
export function bearerToken(request: Request): string | undefined {
  const header = request.headers.get("authorization");
  if (header === null) return undefined;
  const match = /^Bearer ([^\s]+)$/i.exec(header.trim());
  return match?.[1];
}
