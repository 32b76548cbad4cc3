import { randomBytes } from "node:crypto";
import type { Db } from "@lodestar/db";
import { hashPassword } from "../server/auth/password.ts";
import { createAccount, DEFAULT_PROJECT } from "../server/auth/sign-up.ts";

export const OPERATOR_EMAIL = "operator@localhost";

export type OperatorBootstrap = { created: false } | { created: true; email: string; password: string };

/**
 * Self-hosted mode has no sign-up: the first start makes the one operator account (with its
 * organisation and default project) and returns its password, to be printed once. Later starts
 * find a user and change nothing.
 */
export async function bootstrapOperator(db: Db): Promise<OperatorBootstrap> {
  if ((await db.prisma.user.count()) > 0) return { created: false };
  const password = randomBytes(15).toString("base64url");
  await createAccount(db, {
    email: OPERATOR_EMAIL,
    name: "Operator",
    passwordHash: await hashPassword(password),
    organisationName: "Local",
  });
  return { created: true, email: OPERATOR_EMAIL, password };
}

/** The operator's organisation and default project (the first made), for `token create`. */
export async function operatorProject(db: Db): Promise<{ tenantId: string; projectId: string }> {
  const user = await db.prisma.user.findUnique({ where: { email: OPERATOR_EMAIL }, select: { id: true } });
  if (user === null) throw new Error("no operator account yet: run `machinaut start` once first");
  const membership = await db.withUser(user.id, (tx) =>
    tx.membership.findFirst({
      where: { userId: user.id, role: "owner" },
      orderBy: { createdAt: "asc" },
      select: { tenantId: true },
    }),
  );
  if (membership === null) throw new Error("the operator account has no organisation");
  const { tenantId } = membership;
  const project = await db.withTenant(tenantId, (tx) =>
    tx.project.findFirst({ where: { tenantId, slug: DEFAULT_PROJECT.slug }, select: { id: true } }),
  );
  if (project === null)
    throw new Error(`the operator's organisation has no "${DEFAULT_PROJECT.slug}" project`);
  return { tenantId, projectId: project.id };
}
