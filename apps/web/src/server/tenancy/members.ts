import type { Db, TenantTx } from "@lodestar/db";
import { AccessError } from "../auth/access-error.ts";
import { canChangeRole, type Role, roleSchema } from "../auth/roles.ts";

export interface MemberRow {
  userId: string;
  email: string;
  name: string;
  role: Role;
  createdAt: Date;
}

export async function listMembers(db: Db, tenantId: string): Promise<MemberRow[]> {
  const rows = await db.withTenant(tenantId, (tx) =>
    tx.membership.findMany({
      where: { tenantId },
      orderBy: { createdAt: "asc" },
      select: { userId: true, role: true, createdAt: true, user: { select: { email: true, name: true } } },
    }),
  );
  return rows.map(({ user, ...m }) => ({ ...m, email: user.email, name: user.name }));
}

/**
 * Gives `targetUserId` the role `next`, or removes them (`next` null). The owners are locked
 * (SELECT … FOR UPDATE) before counting, so two owners demoting each other at the same moment
 * cannot leave the organisation with none (threat: an orphaned tenant nobody can administer).
 */
export async function changeMembership(
  db: Db,
  tenantId: string,
  actorRole: Role,
  targetUserId: string,
  next: Role | null,
): Promise<void> {
  const nextRole = next === null ? null : roleSchema.parse(next);
  await db.withTenant(tenantId, async (tx) => {
    const owners = await lockOwners(tx, tenantId);
    const target = await tx.membership.findUnique({
      where: { tenantId_userId: { tenantId, userId: targetUserId } },
      select: { role: true },
    });
    if (!target) throw new AccessError("not-found", "no such member");
    if (!canChangeRole(actorRole, target.role, nextRole)) {
      throw new AccessError("insufficient-role", "only an owner can change an owner or make one");
    }
    if (target.role === "owner" && nextRole !== "owner" && owners.length <= 1) {
      throw new AccessError(
        "last-owner",
        "the last owner cannot be removed or demoted; make another owner first",
      );
    }
    const where = { tenantId_userId: { tenantId, userId: targetUserId } };
    if (nextRole === null) await tx.membership.delete({ where });
    else await tx.membership.update({ where, data: { role: nextRole } });
  });
}

async function lockOwners(tx: TenantTx, tenantId: string): Promise<string[]> {
  const rows = await tx.$queryRaw<{ user_id: string }[]>`
    SELECT user_id::text FROM memberships
    WHERE tenant_id = ${tenantId}::uuid AND role = 'owner'
    FOR UPDATE`;
  return rows.map((row) => row.user_id);
}
