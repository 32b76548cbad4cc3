import type { Metadata } from "next";
import Link from "next/link";
import { requireOrgAccess } from "../../../../src/server/auth/org-access.ts";
import { can } from "../../../../src/server/auth/roles.ts";
import { authDb } from "../../../../src/server/auth/runtime.ts";
import { listProjects } from "../../../../src/server/tenancy/projects.ts";
import { ActionForm } from "../../../../src/ui/action-form.tsx";
import { Field } from "../../../../src/ui/field.tsx";
import { formatWhen } from "../../../../src/ui/format.ts";
import { PageHeader, Section } from "../../../../src/ui/page-header.tsx";
import { SubmitButton } from "../../../../src/ui/submit-button.tsx";
import { createProjectAction } from "./actions.ts";

export const metadata: Metadata = { title: "Projects" };

export default async function ProjectsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const access = await requireOrgAccess(org);
  const projects = await listProjects(authDb(), access.tenantId);
  return (
    <>
      <PageHeader title="Projects">
        Each project has its own API tokens, operator keys and shipped sessions.
      </PageHeader>
      <Section title="All projects">
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
          {projects.map((project) => (
            <li key={project.id} className="flex flex-wrap items-center justify-between gap-2 p-4">
              <div className="min-w-0">
                <Link
                  href={`/o/${access.slug}/p/${project.slug}/sessions`}
                  className="font-medium text-indigo-700 underline focus-visible:outline-2 focus-visible:outline-indigo-600"
                >
                  {project.name}
                </Link>
                <p className="text-xs text-slate-600">
                  {project.slug} · created {formatWhen(project.createdAt)}
                </p>
              </div>
              <span className="text-sm text-slate-700">
                {project.sessions} {project.sessions === 1 ? "session" : "sessions"}
              </span>
            </li>
          ))}
        </ul>
      </Section>
      {can(access.role, "manage-organisation") && (
        <Section title="New project">
          <ActionForm
            action={createProjectAction.bind(null, access.slug)}
            label="New project"
            className="flex flex-col gap-4 rounded-lg border border-slate-200 bg-white p-4"
          >
            <Field label="Name" name="name" required maxLength={100} />
            <Field
              label="Slug"
              name="slug"
              hint="Used in URLs; leave empty to derive it from the name."
              pattern="[a-z0-9][a-z0-9-]*"
            />
            <SubmitButton className="self-start">Create project</SubmitButton>
          </ActionForm>
        </Section>
      )}
    </>
  );
}
