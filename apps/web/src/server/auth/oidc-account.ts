import type { Db } from "@lodestar/db";
import { createAccount, EmailTakenError } from "./sign-up.ts";
import { findUserByEmail, findUserIdByIdentity } from "./users.ts";

export interface OidcClaims {
  /** Who vouches for the subject: the issuer URL (an identity is unique per issuer, not globally). */
  issuer: string;
  subject: string;
  email?: string | null;
  emailVerified?: boolean | null;
  name?: string | null;
}

export type OidcResolution =
  | { outcome: "signed-in"; userId: string }
  | { outcome: "refused"; reason: "no-account" | "email-unverified" | "no-email" };

/**
 * The Machinaut user an OIDC sign-in stands for, in this order:
 * 1. the user already linked to (issuer, subject);
 * 2. the user with the same email, linked now, only if the provider says the email is verified
 *    (threat: account takeover by an IdP account claiming someone else's unverified email);
 * 3. hosted mode only: a new account (user, organisation, default project, owner).
 * Self-hosted has one operator account and no sign-up, so anything else is refused.
 */
export async function resolveOidcUser(
  db: Db,
  claims: OidcClaims,
  mode: "hosted" | "self-hosted",
): Promise<OidcResolution> {
  const linked = await findUserIdByIdentity(db, claims.issuer, claims.subject);
  if (linked) return { outcome: "signed-in", userId: linked };
  if (!claims.email) return { outcome: "refused", reason: "no-email" };
  const identity = { provider: claims.issuer, subject: claims.subject };
  const existing = await findUserByEmail(db, claims.email);
  if (existing) {
    if (claims.emailVerified !== true) return { outcome: "refused", reason: "email-unverified" };
    await db.prisma.userIdentity.upsert({
      where: { provider_subject: identity },
      create: { userId: existing.id, ...identity },
      update: {},
    });
    return { outcome: "signed-in", userId: existing.id };
  }
  if (mode !== "hosted") return { outcome: "refused", reason: "no-account" };
  const name = claims.name?.trim() || claims.email.split("@")[0] || "Member";
  try {
    const created = await createAccount(db, {
      email: claims.email,
      name,
      passwordHash: null,
      organisationName: `${name}'s organisation`,
      identity,
    });
    return { outcome: "signed-in", userId: created.userId };
  } catch (error) {
    // Two first sign-ins at once: the other one created the user; use its link.
    if (error instanceof EmailTakenError) {
      const again = await findUserIdByIdentity(db, claims.issuer, claims.subject);
      if (again) return { outcome: "signed-in", userId: again };
    }
    throw error;
  }
}
