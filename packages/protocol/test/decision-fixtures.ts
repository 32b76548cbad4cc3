import { randomBytes } from "node:crypto";
import { generateKeyPair, keyIdOf, toBase64Url } from "@lodestar/crypto";
import type { ActionLevel } from "../src/action-level.ts";
import { type SignedDecision, signDecision, type UnsignedDecision } from "../src/signed-decision.ts";
import type { HoldRecord, TrustedKey, VerifyDecisionContext } from "../src/verify-decision.ts";

export interface TestKey extends TrustedKey {
  secretKey: Uint8Array;
}

export function makeKey(
  name: string,
  levels: ActionLevel[],
  options: Partial<Pick<TrustedKey, "role" | "revoked">> = {},
): TestKey {
  const { secretKey, publicKey } = generateKeyPair();
  return {
    name,
    keyId: keyIdOf(publicKey),
    publicKey,
    secretKey,
    levels,
    role: options.role ?? "approver",
    revoked: options.revoked ?? false,
  };
}

export const T0 = Date.parse("2026-11-21T10:00:00.000Z");
export const iso = (ms: number) => new Date(ms).toISOString();

export function makeHold(overrides: Partial<HoldRecord> = {}): HoldRecord {
  return {
    holdId: `hold_${randomBytes(16).toString("hex").slice(0, 26)}`,
    session: "s-1",
    actionDigest: randomBytes(32).toString("hex"),
    level: "L3",
    createdAt: iso(T0),
    expiresAt: iso(T0 + 5 * 60_000),
    open: true,
    approvedBy: [],
    ...overrides,
  };
}

export function decide(
  hold: HoldRecord,
  key: TestKey,
  overrides: Partial<UnsignedDecision> = {},
): SignedDecision {
  return signDecision(
    {
      v: 1,
      holdId: hold.holdId,
      session: hold.session,
      actionDigest: hold.actionDigest,
      level: hold.level,
      verdict: "approve",
      keyId: key.keyId,
      approver: `${key.name}@example.com`,
      issuedAt: iso(T0 + 1_000),
      expiresAt: iso(T0 + 4 * 60_000),
      nonce: toBase64Url(randomBytes(16)),
      ...overrides,
    },
    key.secretKey,
  );
}

export function context(
  keys: TestKey[],
  holds: HoldRecord[],
  overrides: Partial<VerifyDecisionContext> = {},
): VerifyDecisionContext {
  const used = new Set<string>();
  return {
    findKey: (id) => keys.find((k) => k.keyId === id),
    findHold: (id) => holds.find((h) => h.holdId === id),
    alreadyUsed: (id) => used.has(id),
    now: new Date(T0 + 2_000),
    selfApproval: false,
    // The operator's identity: the public keys of the keys pinned with role operator.
    operatorKeys: keys.filter((k) => k.role === "operator").map((k) => k.publicKey),
    ...overrides,
  };
}
