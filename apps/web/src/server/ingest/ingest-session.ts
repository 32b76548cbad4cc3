import { type Db, insertEnvelopes, type TenantSql } from "@lodestar/db";
import { type Envelope, EnvelopeError, readEnvelopeLine } from "@lodestar/envelope";
import { type VerifyResult, verifyEnvelopes } from "@lodestar/log";
import type { JobSink } from "@lodestar/queue";
import { ApiError } from "../http/api-error.ts";
import { columnsOfVerifiedLine, type EnvelopeColumns } from "./envelope-columns.ts";
import { invalidLine, type RejectedLine, rejectionOf } from "./ingest-rejection.ts";
import { type ForkClaim, recordFork } from "./record-fork.ts";
import {
  type ProjectKeys,
  projectKeys,
  sameKeys,
  trustedKeysOf,
  trustedProjectKeys,
} from "./trusted-project-keys.ts";

export interface IngestInput {
  tenantId: string;
  projectId: string;
  /** The lines of one session, in order (parseNdjson's output). */
  lines: readonly string[];
}

export interface IngestResult {
  session: string;
  /** Envelopes written by this request. */
  stored: number;
  /** Envelopes of the request that were stored before, byte for byte (a re-send: a no-op). */
  alreadyStored: number;
  headSeq: number;
  headHash: string;
  /** Chain intact from the genesis and its head covered by a checkpoint of a registered key. */
  verified: boolean;
}

interface StoredHead {
  id: string;
  headSeq: number;
  headHash: string;
  envelopes: number;
  checkpointSeq: number | null;
}

/**
 * Stores a batch of one session's envelopes, all or nothing.
 *
 * Every line is checked with the protocol package (strict parser, chain rules, checkpoint
 * signatures against the project's registered operator keys — never re-implemented here). The
 * batch must continue the stored head; lines the server already has must be the same envelopes
 * (else: a fork, recorded, nothing written). Shippers of one session are serialised by a
 * transaction-scoped advisory lock, so the same batch sent twice at once is stored once.
 */
export async function ingestSession(db: Db, jobs: JobSink, input: IngestInput): Promise<IngestResult> {
  const { tenantId, projectId, lines } = input;
  if (lines.length === 0) throw new ApiError(400, "empty-body", "the body holds no envelopes");
  const first = parseFirst(lines[0]!);
  const session = first.session;
  // The costly check runs before the session lock is taken (in the same transaction), so one
  // shipper's next batch is verified while its previous one is being stored (two requests in
  // flight). Its verdict is used only if the batch turns out to continue the stored head exactly,
  // under the same registered keys; otherwise the batch is checked again under the lock as before
  // (re-sends, forks and invalid batches).
  const ahead: AheadCheck = { done: false, early: undefined };
  const deadline = performance.now() + HEAD_WAIT_MS;
  let outcome: Stored;
  try {
    for (let pause = 5; ; pause = Math.min(pause * 2, 100)) {
      const waitForHead = performance.now() < deadline;
      const attempt = await db.withTenantSql(tenantId, (tx) =>
        storeBatch(tx, { tenantId, projectId, session, first, lines, ahead, waitForHead }),
      );
      if (attempt !== HEAD_BEHIND) {
        outcome = attempt;
        break;
      }
      // The batch starts past the stored head: the one before it (sent just before, by the same
      // shipper) has not been stored yet. Wait for it outside any transaction, then look again.
      await sleep(pause);
    }
  } catch (error) {
    if (error instanceof ForkFound) {
      // Recorded in its own transaction: the batch's was rolled back, the evidence is kept.
      await recordFork(db, tenantId, error.claim);
      throw new ApiError(
        409,
        "fork",
        `seq ${error.claim.seq} differs from the envelope stored for this session`,
        {
          seq: error.claim.seq,
          session,
        },
      );
    }
    throw error;
  }
  const { sessionId, fromSeq, ...result } = outcome;
  if (result.stored > 0) {
    // After commit, idempotent by job id: a retried request for the same head is one job.
    await jobs.enqueue(
      "index",
      { tenantId, sessionId, fromSeq },
      { jobId: `index:${sessionId}:${result.headSeq}` },
    );
  }
  return result;
}

/** How long a batch that starts past the stored head waits for the batch before it. */
const HEAD_WAIT_MS = 5000;
const HEAD_BEHIND = Symbol("head-behind");

type Stored = IngestResult & { sessionId: string; fromSeq: number };

interface EarlyVerdict {
  keys: ProjectKeys;
  verdict: VerifyResult & { ok: true };
}

/** The verdict reached before the lock; computed once per request, kept across retries. */
interface AheadCheck {
  done: boolean;
  early: EarlyVerdict | undefined;
}

interface BatchInput {
  tenantId: string;
  projectId: string;
  session: string;
  first: Envelope;
  lines: readonly string[];
}

/**
 * The whole batch verified against its own first link (seq 0 from the genesis, else the `prev`
 * and seq its first line claims), with the project's keys as read now. Undefined when it fails:
 * the answer is then worked out under the lock, exactly as for any batch.
 */
async function verifyAhead(tx: TenantSql, batch: BatchInput): Promise<EarlyVerdict | undefined> {
  const { projectId, session, first, lines } = batch;
  const keys = await projectKeys(tx, projectId);
  const after = first.seq === 0 ? undefined : { seq: first.seq - 1, hash: first.prev };
  const verdict = verifyEnvelopes(lines, {
    session,
    trustedKeys: trustedKeysOf(keys),
    ...(after ? { after } : {}),
  });
  return verdict.ok ? { keys, verdict } : undefined;
}

async function storeBatch(
  tx: TenantSql,
  input: BatchInput & { ahead: AheadCheck; waitForHead: boolean },
): Promise<Stored | typeof HEAD_BEHIND> {
  const { tenantId, projectId, session, first, lines, ahead } = input;
  if (!ahead.done) {
    ahead.early = await verifyAhead(tx, input);
    ahead.done = true;
  }
  const early = ahead.early;
  // Serialise shippers of this session (two batches at once must not both continue the head).
  await tx`SELECT pg_advisory_xact_lock(hashtextextended(${`ingest:${tenantId}:${projectId}:${session}`}, 0))`;
  const head = await storedHead(tx, projectId, session);
  const behind = head === undefined ? first.seq > 0 : first.seq > head.headSeq + 1;
  // Only a batch that verified on its own waits: an invalid one is answered at once.
  if (behind && early !== undefined && input.waitForHead) return HEAD_BEHIND;
  const continues =
    head === undefined ? first.seq === 0 : head.headSeq + 1 === first.seq && head.headHash === first.prev;
  let overlap = 0;
  let fresh: readonly string[] = lines;
  let verdict: VerifyResult;
  if (early !== undefined && continues && sameKeys(early.keys, await projectKeys(tx, projectId))) {
    // Verified before the lock against exactly this head and these keys: the same verdict.
    verdict = early.verdict;
  } else {
    overlap = head === undefined ? 0 : clamp(head.headSeq - first.seq + 1, 0, lines.length);
    if (head !== undefined && overlap > 0) await checkOverlap(tx, head, first.seq, lines, overlap, session);
    fresh = lines.slice(overlap);
    if (fresh.length === 0) {
      return { ...resultOf(session, head!, 0, overlap), sessionId: head!.id, fromSeq: head!.headSeq };
    }
    const trustedKeys = await trustedProjectKeys(tx, projectId);
    const after = head === undefined ? undefined : { seq: head.headSeq, hash: head.headHash };
    verdict = verifyEnvelopes(fresh, { session, trustedKeys, ...(after ? { after } : {}) });
  }
  if (!verdict.ok) {
    if (verdict.code === "bad-link" && head !== undefined && verdict.line === 1) {
      // The envelope after our head names another predecessor: the shipper's history differs
      // at our head's seq. A fork, not a malformed batch.
      throw forkAt(head, readEnvelopeLine(fresh[0]!).prev);
    }
    throw rejectionOf({ ...verdict, line: verdict.line + overlap }, fresh[verdict.line - 1]);
  }
  const rows = fresh.map(rowOf);
  const last = rows[rows.length - 1]!;
  const checkpointSeq = verdict.lastCheckpointSeq ?? head?.checkpointSeq ?? null;
  const headSeq = last.seq;
  const verified = checkpointSeq !== null && checkpointSeq === headSeq;
  const sessionId =
    head?.id ?? (await createSessionRow(tx, { tenantId, projectId, session, first, firstTs: rows[0]!.ts }));
  await insertEnvelopes(tx, sessionId, rows);
  const total = (head?.envelopes ?? 0) + rows.length;
  await tx`
    UPDATE sessions SET envelopes = ${total}, head_seq = ${headSeq}, head_hash = ${last.hash},
      checkpoint_seq = ${checkpointSeq}, verified = ${verified}, last_ts = ${last.ts}, updated_at = now()
    WHERE id = ${sessionId}`;
  return {
    session,
    stored: rows.length,
    alreadyStored: overlap,
    headSeq,
    headHash: last.hash,
    verified,
    sessionId,
    fromSeq: rows[0]!.seq,
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function rowOf(line: string): EnvelopeColumns & { line: string } {
  const columns = columnsOfVerifiedLine(line) as EnvelopeColumns & { line: string };
  columns.line = line;
  return columns;
}

class ForkFound extends Error {
  constructor(readonly claim: ForkClaim) {
    super(`fork at seq ${claim.seq}`);
  }
}

function forkAt(head: StoredHead, offeredHash: string): ForkFound {
  return new ForkFound({ sessionId: head.id, seq: head.headSeq, storedHash: head.headHash, offeredHash });
}

/** The first line, strictly parsed: it names the session and where the batch starts. */
function parseFirst(line: string): Envelope {
  try {
    return readEnvelopeLine(line);
  } catch (error) {
    if (error instanceof EnvelopeError) throw invalidLine(1, line, error);
    throw error;
  }
}

async function storedHead(
  tx: TenantSql,
  projectId: string,
  session: string,
): Promise<StoredHead | undefined> {
  const [row] = await tx<
    { id: string; head_seq: string; head_hash: string; envelopes: string; checkpoint_seq: string | null }[]
  >`SELECT id, head_seq, head_hash, envelopes, checkpoint_seq FROM sessions
    WHERE project_id = ${projectId} AND session = ${session}`;
  if (row === undefined) return undefined;
  return {
    id: row.id,
    headSeq: Number(row.head_seq),
    headHash: row.head_hash,
    envelopes: Number(row.envelopes),
    checkpointSeq: row.checkpoint_seq === null ? null : Number(row.checkpoint_seq),
  };
}

/**
 * The lines at seqs the server already holds must be those envelopes: same seq order, same hash.
 * Each is strictly parsed first (an invalid line is named as such, never compared).
 */
async function checkOverlap(
  tx: TenantSql,
  head: StoredHead,
  firstSeq: number,
  lines: readonly string[],
  overlap: number,
  session: string,
): Promise<void> {
  const stored = await tx<{ seq: string; hash: string }[]>`
    SELECT seq, hash FROM envelopes
    WHERE session_id = ${head.id} AND seq >= ${firstSeq} AND seq < ${firstSeq + overlap}`;
  const hashes = new Map(stored.map((r) => [Number(r.seq), r.hash]));
  for (let i = 0; i < overlap; i++) {
    let envelope: Envelope;
    try {
      envelope = readEnvelopeLine(lines[i]!);
    } catch (error) {
      if (error instanceof EnvelopeError) throw invalidLine(i + 1, lines[i]!, error);
      throw error;
    }
    const rejected = overlapProblem(envelope, firstSeq + i, session, i + 1);
    if (rejected) throw rejectionOf(rejected);
    if (hashes.get(envelope.seq) !== envelope.hash) {
      throw new ForkFound({
        sessionId: head.id,
        seq: envelope.seq,
        storedHash: hashes.get(envelope.seq) ?? "",
        offeredHash: envelope.hash,
      });
    }
  }
}

function overlapProblem(
  envelope: Envelope,
  expectedSeq: number,
  session: string,
  line: number,
): RejectedLine | undefined {
  if (envelope.session !== session) {
    return {
      code: "session-mismatch",
      line,
      seq: expectedSeq,
      message: `envelope belongs to session ${envelope.session}`,
    };
  }
  if (envelope.seq !== expectedSeq) {
    const code = envelope.seq < expectedSeq ? "reorder" : "gap";
    return { code, line, seq: expectedSeq, message: `seq ${envelope.seq} where ${expectedSeq} was expected` };
  }
  return undefined;
}

async function createSessionRow(
  tx: TenantSql,
  input: { tenantId: string; projectId: string; session: string; first: Envelope; firstTs: string },
): Promise<string> {
  const { actor } = input.first;
  const [row] = await tx<{ id: string }[]>`
    INSERT INTO sessions (tenant_id, id, project_id, session, agent, model, operator, envelopes, head_seq,
      head_hash, checkpoint_seq, verified, first_ts, last_ts)
    VALUES (${input.tenantId}, gen_random_uuid(), ${input.projectId}, ${input.session}, ${actor.agent},
      ${actor.model ?? null}, ${actor.operator ?? null}, 0, -1, '', NULL, false, ${input.firstTs}, ${input.firstTs})
    RETURNING id`;
  return row!.id;
}

function resultOf(session: string, head: StoredHead, stored: number, alreadyStored: number): IngestResult {
  return {
    session,
    stored,
    alreadyStored,
    headSeq: head.headSeq,
    headHash: head.headHash,
    verified: head.checkpointSeq !== null && head.checkpointSeq === head.headSeq,
  };
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, n));
}
