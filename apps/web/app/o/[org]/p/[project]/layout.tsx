import type { ReactNode } from "react";
import { requireProjectAccess } from "../../../../../src/server/auth/org-access.ts";
import { ProjectTabs } from "../../../../../src/ui/project-tabs.tsx";

/** A project of another organisation, or none, is a 404 like the organisation itself. */
export default async function ProjectLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ org: string; project: string }>;
}) {
  const { org, project } = await params;
  const access = await requireProjectAccess(org, project);
  return (
    <>
      <ProjectTabs base={`/o/${access.slug}/p/${access.project.slug}`} projectName={access.project.name} />
      {children}
    </>
  );
}
