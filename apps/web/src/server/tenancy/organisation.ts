import type { Db } from "@lodestar/db";
import { z } from "zod";
import { AccessError } from "../auth/access-error.ts";

export const organisationNameSchema = z.string().trim().min(1).max(100);

/** Renames the organisation; its slug (the URL) stays, so links keep working. */
export async function renameOrganisation(db: Db, tenantId: string, name: string): Promise<void> {
  const parsed = organisationNameSchema.safeParse(name);
  if (!parsed.success) throw new AccessError("invalid-input", "name: 1 to 100 characters");
  await db.withTenant(tenantId, (tx) =>
    tx.tenant.update({ where: { id: tenantId }, data: { name: parsed.data } }),
  );
}
