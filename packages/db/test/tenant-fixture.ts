import { createHash, randomUUID } from "node:crypto";
import { type Db, type EnvelopeRow, insertEnvelopes } from "../src/index.ts";

/** The ids of one seeded tenant: a row in every tenant table. */
export interface SeededTenant {
  tenantId: string;
  userId: string;
  projectId: string;
  invitationId: string;
  tokenId: string;
  keyId: string;
  sessionId: string;
  forkId: string;
}

export const sha256 = (s: string): Uint8Array<ArrayBuffer> =>
  new Uint8Array(createHash("sha256").update(s).digest());

export function envelopeRows(count: number, from = 0, tag = "x"): EnvelopeRow[] {
  return Array.from({ length: count }, (_, i) => {
    const seq = from + i;
    return {
      seq,
      id: `e${seq}`,
      kind: "observation",
      ts: new Date(Date.UTC(2026, 11, 2, 10, 0, 0, seq)).toISOString(),
      sensitivity: "internal",
      hash: `h-${tag}-${seq}`,
      line: `{"seq":${seq},"tag":"${tag}","text":"tab\\there, back\\\\slash"}`,
    };
  });
}

/** Creates a tenant with one row in every tenant table, through the app role and withTenant. */
export async function seedTenant(db: Db, slug: string): Promise<SeededTenant> {
  const tenantId = randomUUID();
  const user = await db.prisma.user.create({ data: { email: `${slug}@example.test`, name: slug } });
  const seeded = await db.withTenant(tenantId, async (tx) => {
    await tx.tenant.create({ data: { id: tenantId, slug, name: slug } });
    await tx.membership.create({ data: { tenantId, userId: user.id, role: "owner" } });
    const invitation = await tx.invitation.create({
      data: {
        tenantId,
        email: `invitee-${slug}@example.test`,
        role: "viewer",
        tokenHash: sha256(`invite-${slug}`),
        invitedBy: user.id,
        expiresAt: new Date(Date.now() + 86_400_000),
      },
    });
    const project = await tx.project.create({ data: { tenantId, slug: "default", name: "Default" } });
    const token = await tx.apiToken.create({
      data: {
        tenantId,
        projectId: project.id,
        name: "ci",
        tokenHash: sha256(`token-${slug}`),
        scopes: ["ingest"],
      },
    });
    const key = await tx.operatorKey.create({
      data: { tenantId, projectId: project.id, keyId: `key-${slug}`, publicKey: "AAAA", name: "laptop" },
    });
    const session = await tx.session.create({
      data: {
        tenantId,
        projectId: project.id,
        session: `session-${slug}`,
        agent: "agent",
        envelopes: 3n,
        headSeq: 2n,
        headHash: `h-${slug}-2`,
        verified: true,
        firstTs: new Date(),
        lastTs: new Date(),
      },
    });
    const fork = await tx.fork.create({
      data: { tenantId, sessionId: session.id, seq: 1n, storedHash: "a", offeredHash: "b" },
    });
    return {
      tenantId,
      userId: user.id,
      projectId: project.id,
      invitationId: invitation.id,
      tokenId: token.id,
      keyId: key.keyId,
      sessionId: session.id,
      forkId: fork.id,
    };
  });
  await db.withTenantSql(tenantId, (sql) => insertEnvelopes(sql, seeded.sessionId, envelopeRows(3, 0, slug)));
  return seeded;
}
