import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db, type EnvelopeRow, insertEnvelopes, TenantStoreError } from "../src/index.ts";
import { envelopeRows, type SeededTenant, seedTenant } from "./tenant-fixture.ts";
import { createThrowawayDatabase, ownerUrl, type ThrowawayDatabase } from "./throwaway-database.ts";

const runs = process.env.LODESTAR_SLOW ? 300 : 40;

describe.skipIf(ownerUrl === undefined)("insertEnvelopes (staging COPY + INSERT … SELECT under RLS)", () => {
  let database: ThrowawayDatabase;
  let db: Db;
  let tenant: SeededTenant;
  let nextSeq = 3; // seedTenant stores 0..2

  beforeAll(async () => {
    database = await createThrowawayDatabase("f_bulk");
    // One connection: the staging table is per connection and must not leak between transactions.
    db = createDb({ url: database.appUrl, bulkPoolSize: 1 });
    tenant = await seedTenant(db, "bulk");
  }, 60_000);
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  const stored = (from: number, to: number) =>
    db.withTenant(tenant.tenantId, (tx) =>
      tx.envelope.findMany({
        where: { sessionId: tenant.sessionId, seq: { gte: BigInt(from), lt: BigInt(to) } },
        orderBy: { seq: "asc" },
      }),
    );
  const storedCount = () =>
    db.withTenant(tenant.tenantId, (tx) => tx.envelope.count({ where: { sessionId: tenant.sessionId } }));

  it("stores every line byte for byte, whatever it contains (property)", async () => {
    // COPY's text format escapes \\, tab, newline and CR; everything else must pass through as is.
    const text = fc.string({ unit: "grapheme", maxLength: 40 });
    const special = fc.constantFrom("\\", "\t", "\n", "\r", "\\N", "\\.", '"', "\u2028", "😀", "\u0001");
    const field = fc.array(fc.oneof(text, special), { maxLength: 8 }).map((parts) => parts.join(""));
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ id: field, kind: field, line: field }), { minLength: 1, maxLength: 20 }),
        async (drawn) => {
          const from = nextSeq;
          nextSeq += drawn.length;
          const rows: EnvelopeRow[] = drawn.map((d, i) => ({
            seq: BigInt(from + i),
            id: d.id,
            kind: d.kind,
            ts: new Date(Date.UTC(2026, 0, 1, 0, 0, 0, i)),
            sensitivity: "internal",
            hash: `h${from + i}`,
            line: d.line,
          }));
          const inserted = await db.withTenantSql(tenant.tenantId, (sql) =>
            insertEnvelopes(sql, tenant.sessionId, rows),
          );
          expect(inserted).toBe(rows.length);
          const back = await stored(from, nextSeq);
          expect(back.map((r) => [r.id, r.kind, r.line, r.ts.getTime()])).toEqual(
            rows.map((r) => [r.id, r.kind, r.line, (r.ts as Date).getTime()]),
          );
          expect(back.every((r) => r.tenantId === tenant.tenantId)).toBe(true);
        },
      ),
      { numRuns: runs },
    );
  }, 120_000);

  it("stores a batch whole or not at all: a seq already stored fails the transaction", async () => {
    const before = await storedCount();
    const batch = [...envelopeRows(5, nextSeq), ...envelopeRows(1, 0)]; // seq 0 is stored
    const error = await db
      .withTenantSql(tenant.tenantId, (sql) => insertEnvelopes(sql, tenant.sessionId, batch))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "23505" });
    expect(await storedCount()).toBe(before);
  });

  it("rolls back and leaves the connection usable when the row source fails half way", async () => {
    const before = await storedCount();
    const from = nextSeq;
    async function* failing(): AsyncGenerator<EnvelopeRow> {
      yield* envelopeRows(2_000, from); // more than one COPY chunk goes out first
      throw new Error("source broke");
    }
    await expect(
      db.withTenantSql(tenant.tenantId, (sql) => insertEnvelopes(sql, tenant.sessionId, failing())),
    ).rejects.toThrow("source broke");
    expect(await storedCount()).toBe(before);
    const inserted = await db.withTenantSql(tenant.tenantId, (sql) =>
      insertEnvelopes(sql, tenant.sessionId, envelopeRows(10, from)),
    );
    expect(inserted).toBe(10);
    nextSeq += 10;
  });

  it("takes two batches in one transaction without the first one's rows staged twice", async () => {
    const from = nextSeq;
    const counts = await db.withTenantSql(tenant.tenantId, async (sql) => [
      await insertEnvelopes(sql, tenant.sessionId, envelopeRows(3, from)),
      await insertEnvelopes(sql, tenant.sessionId, envelopeRows(4, from + 3)),
    ]);
    nextSeq += 7;
    expect(counts).toEqual([3, 4]);
    expect((await stored(from, nextSeq)).map((r) => Number(r.seq))).toEqual(
      [0, 1, 2, 3, 4, 5, 6].map((i) => from + i),
    );
  });

  it("refuses a session id that is no uuid, before any statement", async () => {
    await expect(
      db.withTenantSql(tenant.tenantId, (sql) => insertEnvelopes(sql, "session-1", envelopeRows(1, 0))),
    ).rejects.toBeInstanceOf(TenantStoreError);
  });

  it("stores nothing without a tenant: outside withTenantSql the policy refuses every row", async () => {
    const error = await db.sql
      .begin((sql) => insertEnvelopes(sql, tenant.sessionId, envelopeRows(1, nextSeq)))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "42501" });
  });
});
