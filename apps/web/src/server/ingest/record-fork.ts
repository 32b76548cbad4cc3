import type { Db } from "@lodestar/db";

/** A shipped envelope whose hash differs from the one stored at its seq. */
export interface ForkClaim {
  sessionId: string;
  seq: number;
  storedHash: string;
  offeredHash: string;
}

/**
 * Keeps the evidence of a fork (someone rewrote history the control plane had already seen: RFC
 * 9162-style fork detection). In its own transaction, after the refused batch was rolled back.
 */
export async function recordFork(db: Db, tenantId: string, claim: ForkClaim): Promise<void> {
  await db.withTenantSql(tenantId, async (tx) => {
    await tx`
      INSERT INTO forks (tenant_id, id, session_id, seq, stored_hash, offered_hash)
      VALUES (${tenantId}, gen_random_uuid(), ${claim.sessionId}, ${claim.seq}, ${claim.storedHash}, ${claim.offeredHash})`;
  });
}
