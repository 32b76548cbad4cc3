import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken, listApiTokens, revokeApiToken } from "../src/server/tokens/index.ts";
import {
  type ApiFixture,
  authed,
  startApiFixture,
  type TenantWithToken,
  tenantWithToken,
} from "./support/api-fixture.ts";
import { type BuiltSession, buildSession, ndjson } from "./support/build-session.ts";

// Threat (threats.md, "A tenant or outsider of the control plane"): reading or acting on another
// tenant's sessions, tokens or keys by changing an id in a URL or body. Every route × two tenants:
// 404 and no data, never 403, never the other tenant's bytes.

let api: ApiFixture;
let a: TenantWithToken;
let b: TenantWithToken;
let sessionA: BuiltSession;
let sessionB: BuiltSession;

async function registerKey(t: TenantWithToken, s: BuiltSession) {
  return fetch(
    `${api.url}/api/v1/operator-keys`,
    authed(t.token, {
      method: "PUT",
      body: JSON.stringify({ keyId: s.keyId, publicKey: s.publicKey, name: "op" }),
    }),
  );
}
async function ingest(t: TenantWithToken, lines: string[]) {
  return fetch(`${api.url}/api/v1/ingest`, authed(t.token, { method: "POST", body: ndjson(lines) }));
}

beforeAll(async () => {
  api = await startApiFixture();
  a = await tenantWithToken(api.db, "idor-a");
  b = await tenantWithToken(api.db, "idor-b");
  sessionA = buildSession({ session: "ses_shared_name", count: 6 });
  sessionB = buildSession({ session: "ses_shared_name", count: 9 });
  expect((await registerKey(a, sessionA)).status).toBe(201);
  expect((await registerKey(b, sessionB)).status).toBe(201);
  expect((await ingest(a, sessionA.lines)).status).toBe(200);
  expect((await ingest(b, sessionB.lines)).status).toBe(200);
  const onlyB = buildSession({ session: "ses_b_only", count: 3, key: sessionB.key });
  expect((await ingest(b, onlyB.lines)).status).toBe(200);
});
afterAll(async () => {
  await api?.close();
});

describe("IDOR matrix: every API route × two tenants", () => {
  it("GET /api/v1/sessions lists only the token's tenant's sessions", async () => {
    const res = await fetch(`${api.url}/api/v1/sessions`, authed(a.token));
    const { sessions } = await res.json();
    expect(sessions.map((s: { session: string }) => s.session)).toEqual(["ses_shared_name"]);
    expect(sessions[0].headHash).toBe(sessionA.envelopes.at(-1)!.hash);
    expect(JSON.stringify(sessions)).not.toContain(sessionB.envelopes.at(-1)!.hash);
  });

  it("GET /api/v1/sessions/{session}/head: another tenant's session is 404; a shared name shows only its own", async () => {
    const other = await fetch(`${api.url}/api/v1/sessions/ses_b_only/head`, authed(a.token));
    expect(other.status).toBe(404);
    expect(await other.json()).toMatchObject({ code: "not-found" });
    const shared = await (
      await fetch(`${api.url}/api/v1/sessions/ses_shared_name/head`, authed(a.token))
    ).json();
    expect(shared).toMatchObject({
      headSeq: sessionA.envelopes.length - 1,
      headHash: sessionA.envelopes.at(-1)!.hash,
    });
  });

  it("POST /api/v1/ingest writes only into the token's tenant, whatever the envelopes name", async () => {
    // B's continuation of ses_b_only, sent with A's token: A has no such session, so it must start
    // at seq 0 — refused, and B's session is untouched.
    const more = buildSession({ session: "ses_b_only", count: 6, key: sessionB.key });
    const res = await ingest(a, more.lines.slice(3));
    expect(res.status).toBe(400);
    const head = await (await fetch(`${api.url}/api/v1/sessions/ses_b_only/head`, authed(b.token))).json();
    expect(head.headSeq).toBe(3);
    // B's whole log sent with A's token: its checkpoints are signed by a key A never registered.
    const copy = await ingest(a, sessionB.lines);
    expect(copy.status).toBe(409); // A holds its own ses_shared_name: B's seq 0 differs from A's
  });

  it("PUT /api/v1/operator-keys registers for the token's own project only", async () => {
    const fresh = buildSession({ session: "ses_keytest", count: 2 });
    expect((await registerKey(a, fresh)).status).toBe(201);
    // The same key is unknown to B: B's ingest of a log signed with it is refused.
    const res = await ingest(b, fresh.lines);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: "untrusted-checkpoint-key" });
    const keysOfB = await api.db.withTenantSql(b.tenantId, (tx) => tx`SELECT key_id FROM operator_keys`);
    expect(keysOfB.map((r) => r.key_id)).toEqual([sessionB.keyId]);
  });

  it("a token whose tenant part is swapped for another tenant's is invalid (looked up under that tenant only)", async () => {
    const hexA = a.tenantId.replaceAll("-", "");
    const forged = b.token.replace(/^mn_[0-9a-f]{32}_/, `mn_${hexA}_`);
    for (const path of ["/api/v1/sessions", "/api/v1/sessions/ses_b_only/head"]) {
      const res = await fetch(`${api.url}${path}`, authed(forged));
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ code: "invalid-token" });
    }
  });

  it("tokens: another tenant's token cannot be listed, revoked, or created on its project", async () => {
    const tokensOfB = await listApiTokens(api.db, b.tenantId);
    expect(tokensOfB.length).toBeGreaterThan(0);
    const listedByA = await listApiTokens(api.db, a.tenantId);
    expect(listedByA.map((t) => t.id)).not.toContain(tokensOfB[0]!.id);
    await expect(revokeApiToken(api.db, a.tenantId, tokensOfB[0]!.id)).rejects.toMatchObject({
      status: 404,
      code: "not-found",
    });
    await expect(
      createApiToken(api.db, a.tenantId, { projectId: b.projectId, name: "x", scopes: ["ingest"] }),
    ).rejects.toMatchObject({ status: 404, code: "not-found" });
    // B's token still works.
    expect((await fetch(`${api.url}/api/v1/sessions`, authed(b.token))).status).toBe(200);
  });

  it("projects of one tenant are isolated too: a token sees only its own project's sessions", async () => {
    const projectId = crypto.randomUUID();
    await api.db.withTenantSql(
      a.tenantId,
      (tx) =>
        tx`INSERT INTO projects (tenant_id, id, slug, name) VALUES (${a.tenantId}, ${projectId}, 'second', 'Second')`,
    );
    const { token } = await createApiToken(api.db, a.tenantId, { projectId, name: "p2", scopes: ["ingest"] });
    expect((await fetch(`${api.url}/api/v1/sessions/ses_shared_name/head`, authed(token))).status).toBe(404);
    expect((await (await fetch(`${api.url}/api/v1/sessions`, authed(token))).json()).sessions).toEqual([]);
  });

  it("a revoked or expired token is refused at once", async () => {
    const { token, id } = await createApiToken(api.db, a.tenantId, {
      projectId: a.projectId,
      name: "r",
      scopes: ["ingest"],
    });
    expect((await fetch(`${api.url}/api/v1/sessions`, authed(token))).status).toBe(200);
    await revokeApiToken(api.db, a.tenantId, id);
    expect((await fetch(`${api.url}/api/v1/sessions`, authed(token))).status).toBe(401);
    const expired = await createApiToken(api.db, a.tenantId, {
      projectId: a.projectId,
      name: "e",
      scopes: ["ingest"],
      expiresAt: new Date(Date.now() - 1000),
    });
    expect((await fetch(`${api.url}/api/v1/sessions`, authed(expired.token))).status).toBe(401);
  });
});
