import { createHash, randomBytes } from "node:crypto";
import type { Db } from "@lodestar/db";
import { z } from "zod";
import { AccessError } from "../auth/access-error.ts";
import { canChangeRole, type Role, roleSchema } from "../auth/roles.ts";
import { normaliseEmail } from "../auth/users.ts";

/** How long an invitation link works. */
export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * An invitation secret: `mi_<tenant id, 32 hex>_<43 chars base64url of 32 random bytes>`. As with
 * API tokens the tenant id is not secret: accepting parses it, sets app.tenant_id, and looks the
 * invitation up by sha256(whole string) under RLS, never with a global lookup.
 */
const INVITATION_PATTERN = /^mi_([0-9a-f]{32})_([A-Za-z0-9_-]{43})$/;

export function hashInvitation(token: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(createHash("sha256").update(token, "utf8").digest());
}

export function parseInvitation(token: string): { tenantId: string } | null {
  const match = INVITATION_PATTERN.exec(token);
  if (!match?.[1]) return null;
  const h = match[1];
  return {
    tenantId: `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`,
  };
}

export const newInvitationSchema = z.object({
  email: z.string().trim().toLowerCase().email("email: not an email address").max(320),
  role: roleSchema,
});

export interface PendingInvitation {
  id: string;
  email: string;
  role: Role;
  createdAt: Date;
  expiresAt: Date;
}

/** Creates an invitation and returns its secret, which is shown once and never stored. */
export async function createInvitation(
  db: Db,
  tenantId: string,
  inviter: { userId: string; role: Role },
  input: z.input<typeof newInvitationSchema>,
): Promise<{ token: string; expiresAt: Date }> {
  const parsed = newInvitationSchema.safeParse(input);
  if (!parsed.success)
    throw new AccessError("invalid-input", parsed.error.issues[0]?.message ?? "invalid invitation");
  if (!canChangeRole(inviter.role, "viewer", parsed.data.role)) {
    throw new AccessError("insufficient-role", "only an owner can invite an owner");
  }
  const token = `mi_${tenantId.replaceAll("-", "")}_${randomBytes(32).toString("base64url")}`;
  const expiresAt = new Date(Date.now() + INVITATION_TTL_MS);
  await db.withTenant(tenantId, (tx) =>
    tx.invitation.create({
      data: {
        tenantId,
        email: parsed.data.email,
        role: parsed.data.role,
        tokenHash: hashInvitation(token),
        invitedBy: inviter.userId,
        expiresAt,
      },
    }),
  );
  return { token, expiresAt };
}

export async function listPendingInvitations(db: Db, tenantId: string): Promise<PendingInvitation[]> {
  return db.withTenant(tenantId, (tx) =>
    tx.invitation.findMany({
      where: { tenantId, acceptedAt: null, expiresAt: { gt: new Date() } },
      orderBy: { createdAt: "desc" },
      select: { id: true, email: true, role: true, createdAt: true, expiresAt: true },
    }),
  );
}

export async function revokeInvitation(db: Db, tenantId: string, invitationId: string): Promise<void> {
  const id = z.uuid().safeParse(invitationId);
  if (!id.success) throw new AccessError("not-found", "no such invitation");
  const { count } = await db.withTenant(tenantId, (tx) =>
    tx.invitation.deleteMany({ where: { tenantId, id: id.data, acceptedAt: null } }),
  );
  if (count === 0) throw new AccessError("not-found", "no such invitation");
}

export interface InvitationView {
  tenantId: string;
  organisationName: string;
  organisationSlug: string;
  email: string;
  role: Role;
}

/**
 * The open invitation a secret stands for, or null for an unknown, malformed, used or expired one
 * (one answer for all: no oracle on which secrets exist).
 */
export async function findOpenInvitation(db: Db, token: string): Promise<InvitationView | null> {
  const parsed = parseInvitation(token);
  if (!parsed) return null;
  return db.withTenant(parsed.tenantId, async (tx) => {
    const invitation = await tx.invitation.findUnique({
      where: { tenantId_tokenHash: { tenantId: parsed.tenantId, tokenHash: hashInvitation(token) } },
      select: {
        email: true,
        role: true,
        acceptedAt: true,
        expiresAt: true,
        tenant: { select: { name: true, slug: true } },
      },
    });
    if (!invitation || invitation.acceptedAt || invitation.expiresAt <= new Date()) return null;
    return {
      tenantId: parsed.tenantId,
      organisationName: invitation.tenant.name,
      organisationSlug: invitation.tenant.slug,
      email: invitation.email,
      role: invitation.role,
    };
  });
}

/**
 * Accepts an invitation for the signed-in user. The invitation names an email and only that
 * account can use it (threat: a forwarded or leaked link letting a stranger in); it is spent in
 * the same transaction that creates the membership, and a concurrent second accept finds it spent.
 */
export async function acceptInvitation(
  db: Db,
  token: string,
  user: { id: string; email: string },
): Promise<{ organisationSlug: string }> {
  const parsed = parseInvitation(token);
  if (!parsed) throw new AccessError("not-found", "this invitation is not valid");
  const { tenantId } = parsed;
  return db.withTenant(tenantId, async (tx) => {
    const now = new Date();
    const spent = await tx.invitation.updateManyAndReturn({
      where: { tenantId, tokenHash: hashInvitation(token), acceptedAt: null, expiresAt: { gt: now } },
      data: { acceptedAt: now },
      select: { email: true, role: true },
    });
    const invitation = spent[0];
    if (!invitation) throw new AccessError("not-found", "this invitation is not valid, used or expired");
    if (invitation.email !== normaliseEmail(user.email)) {
      // Throwing rolls the spend back: the invited person can still use the link.
      throw new AccessError(
        "wrong-account",
        `this invitation is for ${invitation.email}; sign in as that account`,
      );
    }
    const existing = await tx.membership.findUnique({
      where: { tenantId_userId: { tenantId, userId: user.id } },
      select: { role: true },
    });
    if (!existing) await tx.membership.create({ data: { tenantId, userId: user.id, role: invitation.role } });
    const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { slug: true } });
    return { organisationSlug: tenant.slug };
  });
}
