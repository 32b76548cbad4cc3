import { randomBytes } from "node:crypto";
import { rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { keyIdOf, publicKeyOf, toBase64Url } from "@lodestar/crypto";
import type { HoldListing } from "./list-holds.ts";
import { type SignedDecision, signDecision } from "./signed-decision.ts";

export interface DecisionInput {
  hold: Pick<HoldListing, "holdId" | "session" | "actionDigest" | "level" | "expiresAt">;
  verdict: "approve" | "deny";
  secretKey: Uint8Array;
  approver: string;
  reason?: string;
  /** How long the decision itself stays valid (never beyond what the hold allows anyway). */
  validForMs?: number;
  now?: Date;
}

/** Signs an approver's decision on a hold, binding exactly the held action (protocol §5). */
export function createDecision(input: DecisionInput): SignedDecision {
  const now = input.now ?? new Date();
  const expires = new Date(
    Math.min(now.getTime() + (input.validForMs ?? 10 * 60_000), Date.parse(input.hold.expiresAt) + 60_000),
  );
  return signDecision(
    {
      v: 1,
      holdId: input.hold.holdId,
      session: input.hold.session,
      actionDigest: input.hold.actionDigest,
      level: input.hold.level,
      verdict: input.verdict,
      keyId: keyIdOf(publicKeyOf(input.secretKey)),
      approver: input.approver,
      issuedAt: now.toISOString(),
      expiresAt: expires.toISOString(),
      nonce: toBase64Url(randomBytes(16)),
      ...(input.reason !== undefined ? { reason: input.reason } : {}),
    },
    input.secretKey,
  );
}

/** Drops a decision into an approvals folder atomically (a watcher never sees half a file). */
export async function writeDecisionFile(dir: string, decision: SignedDecision): Promise<string> {
  const name = `${decision.holdId}.${decision.nonce}.json`;
  const tmp = join(dir, `.${name}.tmp`);
  await writeFile(tmp, `${JSON.stringify(decision, null, 2)}\n`, { flag: "wx", mode: 0o644 });
  const file = join(dir, name);
  await rename(tmp, file);
  return file;
}
