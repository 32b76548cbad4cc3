import type { Db } from "@lodestar/db";

/**
 * Users and their OIDC identities are global rows (no tenant): sign-in must find a user before any
 * organisation is known. Emails are stored lower-cased; every lookup lower-cases first.
 */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export interface UserRecord {
  id: string;
  email: string;
  name: string;
  passwordHash: string | null;
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRecord | null> {
  return db.prisma.user.findUnique({
    where: { email: normaliseEmail(email) },
    select: { id: true, email: true, name: true, passwordHash: true },
  });
}

export async function findUserById(db: Db, id: string): Promise<UserRecord | null> {
  return db.prisma.user.findUnique({
    where: { id },
    select: { id: true, email: true, name: true, passwordHash: true },
  });
}

/** The user an OIDC identity (issuer, subject) is linked to, if any. */
export async function findUserIdByIdentity(
  db: Db,
  provider: string,
  subject: string,
): Promise<string | null> {
  const identity = await db.prisma.userIdentity.findUnique({
    where: { provider_subject: { provider, subject } },
    select: { userId: true },
  });
  return identity?.userId ?? null;
}
