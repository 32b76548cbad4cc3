import type { Metadata } from "next";
import { requireOrgAccess } from "../../../../src/server/auth/org-access.ts";
import { can } from "../../../../src/server/auth/roles.ts";
import { ActionForm } from "../../../../src/ui/action-form.tsx";
import { Field } from "../../../../src/ui/field.tsx";
import { PageHeader, Section } from "../../../../src/ui/page-header.tsx";
import { SubmitButton } from "../../../../src/ui/submit-button.tsx";
import { renameOrganisationAction } from "./actions.ts";

export const metadata: Metadata = { title: "Organisation settings" };

export default async function SettingsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const access = await requireOrgAccess(org);
  const manage = can(access.role, "manage-organisation");
  return (
    <>
      <PageHeader title="Organisation settings">
        Address: <code className="font-mono">/o/{access.slug}</code> · your role: {access.role}
      </PageHeader>
      <Section title="Name">
        {manage ? (
          <ActionForm
            action={renameOrganisationAction.bind(null, access.slug)}
            label="Organisation name"
            className="flex flex-col gap-4 rounded-lg border border-slate-200 bg-white p-4"
          >
            <Field
              label="Organisation name"
              name="name"
              defaultValue={access.name}
              required
              maxLength={100}
            />
            <SubmitButton className="self-start">Save</SubmitButton>
          </ActionForm>
        ) : (
          <p className="text-slate-800">{access.name}</p>
        )}
      </Section>
    </>
  );
}
