import type { Metadata } from "next";
import { requireOrgAccess } from "../../../../src/server/auth/org-access.ts";
import { can, canChangeRole, ROLES } from "../../../../src/server/auth/roles.ts";
import { authDb } from "../../../../src/server/auth/runtime.ts";
import { listPendingInvitations } from "../../../../src/server/tenancy/invitations.ts";
import { listMembers } from "../../../../src/server/tenancy/members.ts";
import { ActionForm } from "../../../../src/ui/action-form.tsx";
import { RoleBadge } from "../../../../src/ui/badge.tsx";
import { Field, SelectField } from "../../../../src/ui/field.tsx";
import { formatWhen } from "../../../../src/ui/format.ts";
import { PageHeader, Section } from "../../../../src/ui/page-header.tsx";
import { SubmitButton } from "../../../../src/ui/submit-button.tsx";
import { changeMemberAction, createInvitationAction, revokeInvitationAction } from "./actions.ts";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const access = await requireOrgAccess(org);
  const manage = can(access.role, "manage-members");
  const [members, invitations] = await Promise.all([
    listMembers(authDb(), access.tenantId),
    manage ? listPendingInvitations(authDb(), access.tenantId) : Promise.resolve([]),
  ]);
  const invitable = ROLES.filter((role) => canChangeRole(access.role, "viewer", role));
  return (
    <>
      <PageHeader title="Members">
        Owners and admins manage members; approvers and viewers read. The last owner cannot leave.
      </PageHeader>
      <Section title="People">
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
          {members.map((member) => {
            const editable = manage && canChangeRole(access.role, member.role, null);
            return (
              <li key={member.userId} className="p-4" data-testid="member" data-email={member.email}>
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <div className="min-w-0">
                    <p className="truncate font-medium">
                      {member.name}
                      {member.userId === access.user.id && <span className="text-slate-600"> (you)</span>}
                    </p>
                    <p className="truncate text-sm text-slate-700">{member.email}</p>
                  </div>
                  <RoleBadge role={member.role} />
                </div>
                {editable && (
                  <ActionForm
                    action={changeMemberAction.bind(null, access.slug)}
                    label={`Change ${member.email}`}
                    className="mt-3 flex flex-wrap items-end gap-2"
                  >
                    <input type="hidden" name="userId" value={member.userId} />
                    <SelectField
                      id={`role-${member.userId}`}
                      label={`Role of ${member.email}`}
                      srOnlyLabel
                      name="role"
                      options={ROLES.filter((role) => canChangeRole(access.role, member.role, role))}
                      defaultValue={member.role}
                    />
                    <SubmitButton tone="secondary" name="intent" value="set-role">
                      Change role
                    </SubmitButton>
                    <SubmitButton
                      tone="danger"
                      name="intent"
                      value="remove"
                      ariaLabel={`Remove ${member.email}`}
                    >
                      Remove
                    </SubmitButton>
                  </ActionForm>
                )}
              </li>
            );
          })}
        </ul>
      </Section>
      {manage && (
        <>
          <Section title="Invite someone">
            <ActionForm
              action={createInvitationAction.bind(null, access.slug)}
              label="Invite someone"
              className="flex flex-col gap-4 rounded-lg border border-slate-200 bg-white p-4"
            >
              <Field label="Email" name="email" type="email" required />
              <SelectField label="Role" name="role" options={invitable} defaultValue="viewer" />
              <SubmitButton className="self-start">Create invitation link</SubmitButton>
            </ActionForm>
          </Section>
          <Section title="Pending invitations">
            {invitations.length === 0 ? (
              <p className="text-sm text-slate-700">None.</p>
            ) : (
              <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
                {invitations.map((invitation) => (
                  <li key={invitation.id} className="flex flex-wrap items-center justify-between gap-2 p-4">
                    <div className="min-w-0">
                      <p className="truncate font-medium">{invitation.email}</p>
                      <p className="text-xs text-slate-600">
                        {invitation.role} · expires {formatWhen(invitation.expiresAt)}
                      </p>
                    </div>
                    <ActionForm
                      action={revokeInvitationAction.bind(null, access.slug)}
                      label={`Revoke invitation for ${invitation.email}`}
                    >
                      <input type="hidden" name="invitationId" value={invitation.id} />
                      <SubmitButton tone="danger" ariaLabel={`Revoke invitation for ${invitation.email}`}>
                        Revoke
                      </SubmitButton>
                    </ActionForm>
                  </li>
                ))}
              </ul>
            )}
          </Section>
        </>
      )}
    </>
  );
}
