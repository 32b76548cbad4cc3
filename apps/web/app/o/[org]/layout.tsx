import type { ReactNode } from "react";
import { requireOrgAccess } from "../../../src/server/auth/org-access.ts";
import { OrgShell } from "../../../src/ui/org-shell.tsx";

/**
 * Every page under /o/[org] passes here first: signed out → sign-in; not a member (or no such
 * organisation) → 404, the same page either way (threat: IDOR and tenant enumeration by URL).
 */
export default async function OrganisationLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ org: string }>;
}) {
  const { org } = await params;
  const access = await requireOrgAccess(org);
  return (
    <OrgShell organisation={{ name: access.name, slug: access.slug }} userEmail={access.user.email}>
      {children}
    </OrgShell>
  );
}
