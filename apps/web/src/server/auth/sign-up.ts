import { randomUUID } from "node:crypto";
import type { Db } from "@lodestar/db";
import { slugify, withSuffix } from "./slug.ts";
import { normaliseEmail } from "./users.ts";

export interface NewAccount {
  email: string;
  name: string;
  /** argon2id hash, or null for an account that signs in only through OIDC. */
  passwordHash: string | null;
  organisationName: string;
  /** An OIDC identity to link to the new user. */
  identity?: { provider: string; subject: string };
}

export interface CreatedAccount {
  userId: string;
  tenantId: string;
  organisationSlug: string;
  projectSlug: string;
}

export const DEFAULT_PROJECT = { slug: "default", name: "Default project" } as const;

/** The email is already an account (the caller answers without saying more than it must). */
export class EmailTakenError extends Error {
  override readonly name = "EmailTakenError";
  readonly code = "email-taken";
}

/**
 * A user, their organisation (tenant), its default project and the owner membership, in one
 * transaction under the new tenant's id: either all exist afterwards or none does. Used by hosted
 * sign-up, a first OIDC sign-in, and self-hosted `machinaut start` (the operator account).
 */
export async function createAccount(db: Db, account: NewAccount): Promise<CreatedAccount> {
  const email = normaliseEmail(account.email);
  let slug = slugify(account.organisationName);
  // Organisation slugs are unique across tenants, but RLS hides other tenants' rows, so a taken
  // slug shows up only as a unique violation on insert: retry with a random suffix.
  for (let attempt = 0; ; attempt++) {
    const tenantId = randomUUID();
    try {
      return await db.withTenant(tenantId, async (tx) => {
        const existing = await tx.user.findUnique({ where: { email }, select: { id: true } });
        if (existing) throw new EmailTakenError("an account with this email already exists");
        const user = await tx.user.create({
          data: { email, name: account.name, passwordHash: account.passwordHash },
          select: { id: true },
        });
        if (account.identity) {
          await tx.userIdentity.create({ data: { userId: user.id, ...account.identity } });
        }
        await tx.tenant.create({ data: { id: tenantId, slug, name: account.organisationName } });
        await tx.membership.create({ data: { tenantId, userId: user.id, role: "owner" } });
        await tx.project.create({ data: { tenantId, ...DEFAULT_PROJECT } });
        return { userId: user.id, tenantId, organisationSlug: slug, projectSlug: DEFAULT_PROJECT.slug };
      });
    } catch (error) {
      if (attempt < 3 && isUniqueViolation(error, "slug")) {
        slug = withSuffix(slugify(account.organisationName));
        continue;
      }
      if (isUniqueViolation(error, "email"))
        throw new EmailTakenError("an account with this email already exists");
      throw error;
    }
  }
}

/** Prisma's P2002 (unique constraint) on a target naming `field`. */
export function isUniqueViolation(error: unknown, field: string): boolean {
  if (typeof error !== "object" || error === null || (error as { code?: unknown }).code !== "P2002")
    return false;
  const target = (error as { meta?: { target?: unknown } }).meta?.target;
  return JSON.stringify(target ?? "").includes(field) || JSON.stringify(error).includes(field);
}
