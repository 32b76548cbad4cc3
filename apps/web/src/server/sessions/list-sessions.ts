import type { Db } from "@lodestar/db";

export interface SessionSummary {
  session: string;
  envelopes: number;
  headSeq: number;
  headHash: string;
  verified: boolean;
  agent: string;
  firstTs: string;
  lastTs: string;
  shippedAt: string;
}

interface SessionRow {
  session: string;
  envelopes: string;
  head_seq: string;
  head_hash: string;
  verified: boolean;
  agent: string;
  first_ts: Date;
  last_ts: Date;
  updated_at: Date;
}

/** Shipped sessions of a tenant (of one project when given), most recently active first. */
export async function listSessions(db: Db, tenantId: string, projectId?: string): Promise<SessionSummary[]> {
  const rows = await db.withTenantSql(tenantId, (tx) =>
    projectId === undefined
      ? tx<SessionRow[]>`
          SELECT session, envelopes, head_seq, head_hash, verified, agent, first_ts, last_ts, updated_at
          FROM sessions ORDER BY last_ts DESC, id LIMIT 1000`
      : tx<SessionRow[]>`
          SELECT session, envelopes, head_seq, head_hash, verified, agent, first_ts, last_ts, updated_at
          FROM sessions WHERE project_id = ${projectId} ORDER BY last_ts DESC, id LIMIT 1000`,
  );
  return rows.map((r) => ({
    session: r.session,
    envelopes: Number(r.envelopes),
    headSeq: Number(r.head_seq),
    headHash: r.head_hash,
    verified: r.verified,
    agent: r.agent,
    firstTs: r.first_ts.toISOString(),
    lastTs: r.last_ts.toISOString(),
    shippedAt: r.updated_at.toISOString(),
  }));
}
