import { fromBase64Url } from "@lodestar/crypto";
import { type ChainPoint, verifyEnvelopes } from "@lodestar/log";
import type { JobPayload } from "@lodestar/queue";
import type { TransactionSql } from "postgres";
import type { WorkerDb } from "../worker-db.ts";

const PAGE = 5000;

/**
 * After a project's operator keys change (a key registered or revoked), recomputes `verified` for
 * each of its sessions: the stored chain re-verified with only the project's current keys trusted,
 * and its tail covered by a checkpoint. Idempotent: it derives the flag from stored rows alone.
 */
export function reverifyProject(db: WorkerDb) {
  return async ({ tenantId, projectId }: JobPayload<"reverify">): Promise<void> => {
    await db.withTenantSql(tenantId, async (sql) => {
      const keys = await sql<{ key_id: string; public_key: string }[]>`
        SELECT key_id, public_key FROM operator_keys
        WHERE tenant_id = ${tenantId} AND project_id = ${projectId} AND revoked_at IS NULL`;
      const trusted = new Map(keys.map((k) => [k.key_id, fromBase64Url(k.public_key)]));
      const sessions = await sql<{ id: string }[]>`
        SELECT id FROM sessions WHERE tenant_id = ${tenantId} AND project_id = ${projectId}`;
      for (const { id } of sessions) {
        const verified = await verifyStored(sql, tenantId, id, (keyId) => trusted.get(keyId));
        await sql`UPDATE sessions SET verified = ${verified} WHERE tenant_id = ${tenantId} AND id = ${id}`;
      }
    });
  };
}

/** Re-verifies a stored session page by page; true when intact, trusted and its tail is covered. */
async function verifyStored(
  sql: TransactionSql,
  tenantId: string,
  sessionId: string,
  trustedKeys: (keyId: string) => Uint8Array | undefined,
): Promise<boolean> {
  let after: ChainPoint | undefined;
  let lastCheckpointSeq: number | undefined;
  for (let from = 0; ; from += PAGE) {
    const rows = await sql<{ line: string }[]>`
      SELECT line FROM envelopes
      WHERE tenant_id = ${tenantId} AND session_id = ${sessionId} AND seq >= ${from} AND seq < ${from + PAGE}
      ORDER BY seq`;
    if (rows.length === 0) break;
    const result = verifyEnvelopes(
      rows.map((r) => r.line),
      { trustedKeys, ...(after !== undefined ? { after } : {}) },
    );
    if (!result.ok) return false;
    after = result.head;
    lastCheckpointSeq = result.lastCheckpointSeq ?? lastCheckpointSeq;
    if (rows.length < PAGE) break;
  }
  return after !== undefined && lastCheckpointSeq === after.seq;
}
