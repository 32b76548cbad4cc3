import { notFound } from "next/navigation";
import { cache } from "react";
import { AccessError } from "./access-error.ts";
import { currentUser, requireUser, type SignedInUser } from "./current-user.ts";
import { type Capability, can, type Role } from "./roles.ts";
import { authDb } from "./runtime.ts";
import { SLUG_PATTERN } from "./slug.ts";

export interface OrgAccess {
  user: SignedInUser;
  tenantId: string;
  slug: string;
  name: string;
  role: Role;
}

export interface ProjectAccess extends OrgAccess {
  project: { id: string; slug: string; name: string };
}

/**
 * The signed-in user's membership of the organisation named by `slug`, or null. The lookup runs
 * under the user's own RLS scope (app.user_id): a tenant row is visible only to its members, so a
 * non-member and a missing organisation are the same null (threat: IDOR, tenant enumeration).
 */
export async function findOrgAccess(user: SignedInUser, slug: string): Promise<OrgAccess | null> {
  if (!SLUG_PATTERN.test(slug)) return null;
  return authDb().withUser(user.id, async (tx) => {
    const tenant = await tx.tenant.findUnique({
      where: { slug },
      select: { id: true, slug: true, name: true },
    });
    if (!tenant) return null;
    const membership = await tx.membership.findUnique({
      where: { tenantId_userId: { tenantId: tenant.id, userId: user.id } },
      select: { role: true },
    });
    if (!membership) return null;
    return { user, tenantId: tenant.id, slug: tenant.slug, name: tenant.name, role: membership.role };
  });
}

/** For pages: the access, or a redirect to sign-in, or a 404 (never a 403, never data). */
export const requireOrgAccess = cache(async (slug: string): Promise<OrgAccess> => {
  const user = await requireUser(`/o/${slug}`);
  const access = await findOrgAccess(user, slug);
  if (!access) notFound();
  return access;
});

/** For pages under /o/[org]/p/[project]: the project too, or a 404. */
export const requireProjectAccess = cache(
  async (orgSlug: string, projectSlug: string): Promise<ProjectAccess> => {
    const access = await requireOrgAccess(orgSlug);
    const project = await findProject(access, projectSlug);
    if (!project) notFound();
    return { ...access, project };
  },
);

async function findProject(access: OrgAccess, projectSlug: string) {
  if (!SLUG_PATTERN.test(projectSlug)) return null;
  return authDb().withTenant(access.tenantId, (tx) =>
    tx.project.findUnique({
      where: { tenantId_slug: { tenantId: access.tenantId, slug: projectSlug } },
      select: { id: true, slug: true, name: true },
    }),
  );
}

/**
 * For server actions, which are public endpoints whatever the page showed: the membership again,
 * from the session cookie, and the capability. A non-member gets `not-found`, like the pages.
 */
export async function actionAccess(orgSlug: string, capability: Capability): Promise<OrgAccess> {
  const user = await currentUser();
  const access = user ? await findOrgAccess(user, orgSlug) : null;
  if (!access) throw new AccessError("not-found", "no such organisation");
  if (!can(access.role, capability)) {
    throw new AccessError("insufficient-role", `your role (${access.role}) cannot do this`);
  }
  return access;
}

/** actionAccess plus the project named by `projectSlug`. */
export async function actionProjectAccess(
  orgSlug: string,
  projectSlug: string,
  capability: Capability,
): Promise<ProjectAccess> {
  const access = await actionAccess(orgSlug, capability);
  const project = await findProject(access, projectSlug);
  if (!project) throw new AccessError("not-found", "no such project");
  return { ...access, project };
}
