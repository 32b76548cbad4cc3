import { once } from "node:events";
import type { Writable } from "node:stream";
import type { TenantSql } from "./create-db.ts";
import { assertUuid } from "./uuid.ts";

/** One envelope as the bulk path stores it; `line` is the shipped NDJSON line, byte for byte. */
export interface EnvelopeRow {
  seq: bigint | number;
  id: string;
  kind: string;
  /** RFC 3339 timestamp (the envelope's own `ts`) or a Date. */
  ts: string | Date;
  sensitivity: string;
  hash: string;
  line: string;
}

const STAGING = "pg_temp.envelope_staging";
/** Bytes of COPY text handed to the socket at a time. */
const CHUNK = 1 << 16;

/**
 * Stores rows into `envelopes` for the session, under the transaction's tenant, and returns how
 * many were inserted. Postgres refuses COPY FROM into a table with row-level security, so the rows
 * are COPYed into a per-connection temporary staging table (no WAL, invisible to every other
 * connection) and moved with one INSERT … SELECT, where the tenant policy's WITH CHECK applies to
 * every row: the tenant comes from the transaction's own app.tenant_id, never from the caller.
 *
 * Call it inside withTenantSql. A seq already stored for the session fails the whole transaction
 * with Postgres' unique violation (23505); the caller decides beforehand what is new.
 */
export async function insertEnvelopes(
  sql: TenantSql,
  sessionId: string,
  rows: Iterable<EnvelopeRow> | AsyncIterable<EnvelopeRow>,
): Promise<number> {
  assertUuid(sessionId, "invalid-session-id", "session id");
  // ON COMMIT DELETE ROWS: created once per pooled connection, emptied by every commit.
  await sql`CREATE TEMP TABLE IF NOT EXISTS envelope_staging (
    seq bigint, id text, kind text, ts timestamptz, sensitivity text, hash text, line text
  ) ON COMMIT DELETE ROWS`;
  // A second call in the same transaction must not see the first call's rows.
  await sql`TRUNCATE ${sql.unsafe(STAGING)}`;
  const copy =
    await sql`COPY ${sql.unsafe(STAGING)} (seq, id, kind, ts, sensitivity, hash, line) FROM STDIN`.writable();
  await writeCopyText(copy, rows);
  const inserted = await sql`
    INSERT INTO envelopes (tenant_id, session_id, seq, id, kind, ts, sensitivity, hash, line)
    SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid, ${sessionId}::uuid,
           seq, id, kind, ts, sensitivity, hash, line
    FROM ${sql.unsafe(STAGING)}`;
  return inserted.count;
}

async function writeCopyText(
  copy: Writable,
  rows: Iterable<EnvelopeRow> | AsyncIterable<EnvelopeRow>,
): Promise<void> {
  const finished = once(copy, "finish");
  try {
    let buffer = "";
    for await (const row of rows) {
      const ts = typeof row.ts === "string" ? row.ts : row.ts.toISOString();
      buffer += `${row.seq}\t${copyField(row.id)}\t${copyField(row.kind)}\t${copyField(ts)}\t${copyField(row.sensitivity)}\t${copyField(row.hash)}\t${copyField(row.line)}\n`;
      if (buffer.length >= CHUNK) {
        if (!copy.write(buffer)) await once(copy, "drain");
        buffer = "";
      }
    }
    copy.end(buffer);
  } catch (error) {
    // A failing row source aborts the COPY (CopyFail), so the transaction rolls back whole.
    finished.catch(() => {}); // rejects with the same error, thrown below
    copy.destroy(error as Error);
    throw error;
  }
  await finished;
}

const NEEDS_ESCAPE = /[\\\t\n\r]/;

/** COPY text format: backslash, tab, newline and carriage return are escaped; nothing else is. */
function copyField(value: string): string {
  if (!NEEDS_ESCAPE.test(value)) return value;
  return value.replace(/[\\\t\n\r]/g, (c) =>
    c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r",
  );
}
