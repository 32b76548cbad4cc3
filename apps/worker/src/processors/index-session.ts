import type { JobPayload } from "@lodestar/queue";
import type { WorkerDb } from "../worker-db.ts";

/** Rows read per round trip: a 1M-envelope session is summarised without holding it in memory. */
const PAGE = 5000;

interface Summary {
  agent?: string;
  model?: string;
  operator?: string;
  firstTs?: string;
  lastTs?: string;
}

/**
 * Folds the actor and time span of envelopes `fromSeq…` into the session row. Idempotent: running
 * it twice (a retry, a duplicate job) yields the same row, because every field is a first, last,
 * min or max over stored, already verified envelopes.
 */
export function indexSession(db: WorkerDb) {
  return async ({ tenantId, sessionId, fromSeq }: JobPayload<"index">): Promise<void> => {
    await db.withTenantSql(tenantId, async (sql) => {
      const summary: Summary = {};
      for (let from = fromSeq; ; from += PAGE) {
        const rows = await sql<{ line: string }[]>`
          SELECT line FROM envelopes
          WHERE tenant_id = ${tenantId} AND session_id = ${sessionId} AND seq >= ${from} AND seq < ${from + PAGE}
          ORDER BY seq`;
        for (const { line } of rows) fold(summary, JSON.parse(line) as StoredEnvelope);
        if (rows.length < PAGE) break;
      }
      if (summary.firstTs === undefined) return;
      await sql`
        UPDATE sessions SET
          agent = COALESCE(agent, ${summary.agent ?? null}),
          model = COALESCE(${summary.model ?? null}, model),
          operator = COALESCE(${summary.operator ?? null}, operator),
          first_ts = LEAST(first_ts, ${summary.firstTs}::timestamptz),
          last_ts = GREATEST(last_ts, ${summary.lastTs!}::timestamptz)
        WHERE tenant_id = ${tenantId} AND id = ${sessionId}`;
    });
  };
}

/** The header fields the summary reads; lines were checked by the strict parser at ingest. */
interface StoredEnvelope {
  ts: string;
  actor: { agent: string; model?: string; operator?: string };
}

function fold(summary: Summary, envelope: StoredEnvelope): void {
  summary.agent ??= envelope.actor.agent;
  if (envelope.actor.model !== undefined) summary.model = envelope.actor.model;
  if (envelope.actor.operator !== undefined) summary.operator = envelope.actor.operator;
  summary.firstTs ??= envelope.ts;
  summary.lastTs = envelope.ts;
}
