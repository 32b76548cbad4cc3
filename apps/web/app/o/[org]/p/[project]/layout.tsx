import type { ReactNode } from "react";
import { requireProjectAccess } from "../../../../../src/server/auth/org-access.ts";

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
      <p className="mb-1 text-sm text-slate-700">
        Project <span className="font-semibold text-slate-900">{access.project.name}</span>
      </p>
      {children}
    </>
  );
}
