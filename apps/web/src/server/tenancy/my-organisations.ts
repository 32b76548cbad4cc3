import type { Db } from "@lodestar/db";
import type { Role } from "../auth/roles.ts";

export interface MyOrganisation {
  slug: string;
  name: string;
  role: Role;
}

/**
 * The organisations a user belongs to, read under the user's own RLS scope (app.user_id): the
 * membership policy shows a user their own rows, and a tenant row to its members, with no bypass.
 */
export async function listMyOrganisations(db: Db, userId: string): Promise<MyOrganisation[]> {
  const rows = await db.withUser(userId, (tx) =>
    tx.membership.findMany({
      where: { userId },
      orderBy: { createdAt: "asc" },
      select: { role: true, tenant: { select: { slug: true, name: true } } },
    }),
  );
  return rows.map((row) => ({ slug: row.tenant.slug, name: row.tenant.name, role: row.role }));
}
