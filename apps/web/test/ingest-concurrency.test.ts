import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ApiFixture,
  authed,
  startApiFixture,
  type TenantWithToken,
  tenantWithToken,
} from "./support/api-fixture.ts";
import { buildSession, ndjson } from "./support/build-session.ts";

// Threat (threats.md, "Bad input and faults"): the same batch shipped twice or concurrently must
// store each envelope exactly once; concurrent shippers of different sessions must not interfere.

let api: ApiFixture;
let tenant: TenantWithToken;

beforeAll(async () => {
  api = await startApiFixture();
  tenant = await tenantWithToken(api.db, "concurrency");
});
afterAll(async () => {
  await api?.close();
});

async function post(lines: string[]) {
  const res = await fetch(
    `${api.url}/api/v1/ingest`,
    authed(tenant.token, { method: "POST", body: ndjson(lines) }),
  );
  return { status: res.status, body: await res.json() };
}

async function counts(session: string) {
  return api.db.withTenantSql(tenant.tenantId, async (tx) => {
    const [row] = await tx<{ n: string; distinct_seqs: string; head: string }[]>`
      SELECT count(*) AS n, count(DISTINCT e.seq) AS distinct_seqs, max(s.head_seq) AS head
      FROM envelopes e JOIN sessions s ON s.id = e.session_id WHERE s.session = ${session}`;
    return { n: Number(row!.n), distinct: Number(row!.distinct_seqs), head: Number(row!.head) };
  });
}

describe("concurrent ingest", () => {
  it("the same batch sent 8 times at once is stored once", async () => {
    const built = buildSession({ session: "ses_same_batch", count: 200, checkpointEvery: 50 });
    await fetch(
      `${api.url}/api/v1/operator-keys`,
      authed(tenant.token, {
        method: "PUT",
        body: JSON.stringify({ keyId: built.keyId, publicKey: built.publicKey, name: "k" }),
      }),
    );
    const answers = await Promise.all(Array.from({ length: 8 }, () => post(built.lines)));
    for (const a of answers) expect(a.status, JSON.stringify(a.body)).toBe(200);
    expect(answers.reduce((n, a) => n + a.body.stored, 0)).toBe(built.lines.length);
    expect(answers.filter((a) => a.body.stored > 0)).toHaveLength(1);
    expect(await counts("ses_same_batch")).toEqual({
      n: built.lines.length,
      distinct: built.lines.length,
      head: built.lines.length - 1,
    });
  });

  it("10 concurrent shippers, each sending its session in chunks, store every envelope exactly once", async () => {
    const sessions = Array.from({ length: 10 }, (_, i) =>
      buildSession({ session: `ses_shipper_${i}`, count: 150 + i * 7, checkpointEvery: 40 }),
    );
    for (const s of sessions) {
      await fetch(
        `${api.url}/api/v1/operator-keys`,
        authed(tenant.token, {
          method: "PUT",
          body: JSON.stringify({ keyId: s.keyId, publicKey: s.publicKey, name: "k" }),
        }),
      );
    }
    await Promise.all(
      sessions.map(async (s) => {
        // Overlapping chunks (each re-sends the last 5 of the previous one), as a resuming shipper would.
        for (let start = 0; start < s.lines.length; start += 45) {
          const { status, body } = await post(s.lines.slice(Math.max(0, start - 5), start + 45));
          expect(status, JSON.stringify(body)).toBe(200);
        }
      }),
    );
    for (const s of sessions) {
      expect(await counts(s.session)).toEqual({
        n: s.lines.length,
        distinct: s.lines.length,
        head: s.lines.length - 1,
      });
      const head = await (
        await fetch(`${api.url}/api/v1/sessions/${s.session}/head`, authed(tenant.token))
      ).json();
      expect(head.headHash).toBe(s.envelopes.at(-1)!.hash);
    }
    const { sessions: listed } = await (
      await fetch(`${api.url}/api/v1/sessions`, authed(tenant.token))
    ).json();
    expect(listed.filter((s: { verified: boolean }) => s.verified)).toHaveLength(11);
  });
});
