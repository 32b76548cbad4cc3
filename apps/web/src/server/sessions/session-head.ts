import type { Db } from "@lodestar/db";
import { ApiError } from "../http/api-error.ts";

export interface SessionHead {
  session: string;
  headSeq: number;
  headHash: string;
  envelopes: number;
  checkpointSeq: number | null;
}

/**
 * The stored head of a project's session: where a shipper resumes. A session of another project
 * or tenant is 404, the same as one never shipped (no oracle for what exists elsewhere).
 */
export async function sessionHead(
  db: Db,
  tenantId: string,
  projectId: string,
  session: string,
): Promise<SessionHead> {
  const [row] = await db.withTenantSql(
    tenantId,
    (tx) =>
      tx<{ head_seq: string; head_hash: string; envelopes: string; checkpoint_seq: string | null }[]>`
      SELECT head_seq, head_hash, envelopes, checkpoint_seq FROM sessions
      WHERE project_id = ${projectId} AND session = ${session}`,
  );
  if (row === undefined)
    throw new ApiError(404, "not-found", `no session ${JSON.stringify(session)} in this project`);
  return {
    session,
    headSeq: Number(row.head_seq),
    headHash: row.head_hash,
    envelopes: Number(row.envelopes),
    checkpointSeq: row.checkpoint_seq === null ? null : Number(row.checkpoint_seq),
  };
}
