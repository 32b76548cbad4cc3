import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ApiFixture,
  authed,
  startApiFixture,
  type TenantWithToken,
  tenantWithToken,
} from "./support/api-fixture.ts";
import { buildSession, ndjson } from "./support/build-session.ts";

let api: ApiFixture;
let tenant: TenantWithToken;

beforeAll(async () => {
  api = await startApiFixture();
  tenant = await tenantWithToken(api.db, "ingest-a");
});
afterAll(async () => {
  await api?.close();
});

async function registerKey(t: TenantWithToken, s: { keyId: string; publicKey: string }) {
  const res = await fetch(
    `${api.url}/api/v1/operator-keys`,
    authed(t.token, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ keyId: s.keyId, publicKey: s.publicKey, name: "operator" }),
    }),
  );
  expect([200, 201]).toContain(res.status);
}

function post(t: TenantWithToken, body: string | Buffer, headers: Record<string, string> = {}) {
  return fetch(
    `${api.url}/api/v1/ingest`,
    authed(t.token, { method: "POST", headers, body: body as BodyInit }),
  );
}

async function storedCount(t: TenantWithToken, session: string): Promise<number> {
  return api.db.withTenantSql(t.tenantId, async (tx) => {
    const [row] = await tx<{ n: string }[]>`
      SELECT count(*) AS n FROM envelopes e JOIN sessions s ON s.id = e.session_id WHERE s.session = ${session}`;
    return Number(row!.n);
  });
}

describe("POST /api/v1/ingest", () => {
  it("stores a session, resumes from its head, and re-sending is a no-op", async () => {
    const built = buildSession({ session: "ses_resume", count: 30, checkpointEvery: 10 });
    await registerKey(tenant, built);
    const first = await post(tenant, ndjson(built.lines.slice(0, 12)));
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({
      session: "ses_resume",
      stored: 12,
      alreadyStored: 0,
      headSeq: 11,
    });

    const head = await fetch(`${api.url}/api/v1/sessions/ses_resume/head`, authed(tenant.token));
    expect(await head.json()).toMatchObject({ headSeq: 11, envelopes: 12, checkpointSeq: 10 });

    // Overlapping batch (seq 5…end), gzip: the first 7 are already stored, the rest continue the head.
    const rest = gzipSync(ndjson(built.lines.slice(5)));
    const second = await post(tenant, rest, { "content-encoding": "gzip" });
    const body = await second.json();
    expect(second.status, JSON.stringify(body)).toBe(200);
    expect(body).toMatchObject({ stored: built.lines.length - 12, alreadyStored: 7, verified: true });
    expect(body.headSeq).toBe(built.lines.length - 1);

    const again = await post(tenant, ndjson(built.lines));
    expect(await again.json()).toMatchObject({
      stored: 0,
      alreadyStored: built.lines.length,
      verified: true,
    });
    expect(await storedCount(tenant, "ses_resume")).toBe(built.lines.length);

    const list = await fetch(`${api.url}/api/v1/sessions`, authed(tenant.token));
    const { sessions } = await list.json();
    expect(sessions).toContainEqual(
      expect.objectContaining({
        session: "ses_resume",
        envelopes: built.lines.length,
        verified: true,
        agent: "agent-1",
      }),
    );
  });

  it("stores the shipped lines byte for byte", async () => {
    const built = buildSession({ session: "ses_bytes", count: 5 });
    await registerKey(tenant, built);
    expect((await post(tenant, ndjson(built.lines))).status).toBe(200);
    const lines = await api.db.withTenantSql(
      tenant.tenantId,
      (tx) =>
        tx<{ line: string }[]>`SELECT e.line FROM envelopes e JOIN sessions s ON s.id = e.session_id
        WHERE s.session = 'ses_bytes' ORDER BY e.seq`,
    );
    expect(lines.map((r) => r.line)).toEqual(built.lines);
  });

  it("refuses a different hash at a stored seq as a fork (409 naming the seq), records it, writes nothing", async () => {
    const built = buildSession({ session: "ses_fork", count: 10 });
    await registerKey(tenant, built);
    expect((await post(tenant, ndjson(built.lines.slice(0, 6)))).status).toBe(200);
    // Another history of the same session with the same key: differs from seq 0 on.
    const other = buildSession({ session: "ses_fork", count: 10, key: built.key });
    const res = await post(tenant, ndjson(other.lines.slice(3, 8)));
    const body = await res.json();
    expect(res.status).toBe(409);
    expect(body).toMatchObject({ code: "fork", seq: 3 });
    expect(await storedCount(tenant, "ses_fork")).toBe(6);
    const forks = await api.db.withTenantSql(
      tenant.tenantId,
      (tx) => tx`SELECT seq, offered_hash FROM forks`,
    );
    expect(forks).toContainEqual(
      expect.objectContaining({ seq: "3", offered_hash: other.envelopes[3]!.hash }),
    );

    // A continuation whose prev is not our head: the shipper's seq 5 differs from ours.
    const cont = await post(tenant, ndjson(other.lines.slice(6, 9)));
    expect(cont.status).toBe(409);
    expect(await cont.json()).toMatchObject({ code: "fork", seq: 5 });
    expect(await storedCount(tenant, "ses_fork")).toBe(6);
  });

  it("refuses a checkpoint signed by a key the project did not register", async () => {
    const built = buildSession({ session: "ses_unregistered", count: 4 });
    const res = await post(tenant, ndjson(built.lines));
    const body = await res.json();
    expect(res.status).toBe(400);
    expect(body).toMatchObject({ code: "untrusted-checkpoint-key", line: 5 });
    expect(await storedCount(tenant, "ses_unregistered")).toBe(0);
  });

  it("refuses a batch that does not continue the head (gap) naming the line", async () => {
    const built = buildSession({ session: "ses_gap", count: 10 });
    await registerKey(tenant, built);
    const res = await post(tenant, ndjson([...built.lines.slice(0, 3), ...built.lines.slice(4, 6)]));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: "invalid-envelope", line: 4, reason: "gap" });
    expect(await storedCount(tenant, "ses_gap")).toBe(0);
  });

  it("answers 401 invalid-token the same for missing, malformed, unknown and revoked tokens; 403 on scope", async () => {
    const bodies = [];
    for (const token of [
      undefined,
      "nope",
      `mn_${"0".repeat(32)}_${"A".repeat(43)}`,
      `${tenant.token.slice(0, -1)}B`,
    ]) {
      const res = await fetch(`${api.url}/api/v1/sessions`, token ? authed(token) : {});
      expect(res.status).toBe(401);
      bodies.push(await res.json());
    }
    expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);
    const viewer = await tenantWithToken(api.db, "ingest-scope", ["guard"]);
    const res = await post(viewer, ndjson(buildSession({ session: "s", count: 1 }).lines));
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: "insufficient-scope" });
  });
});
