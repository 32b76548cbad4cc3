"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { AccessError } from "../../../../src/server/auth/access-error.ts";
import { actionAccess } from "../../../../src/server/auth/org-access.ts";
import { roleSchema } from "../../../../src/server/auth/roles.ts";
import { field, runAction } from "../../../../src/server/auth/run-action.ts";
import { authDb, authEnv } from "../../../../src/server/auth/runtime.ts";
import { createInvitation, revokeInvitation } from "../../../../src/server/tenancy/invitations.ts";
import { changeMembership } from "../../../../src/server/tenancy/members.ts";
import type { ActionState } from "../../../../src/ui/action-state.ts";

const memberChange = z.object({
  userId: z.uuid(),
  intent: z.enum(["set-role", "remove"]),
  role: roleSchema.optional(),
});

export async function changeMemberAction(
  orgSlug: string,
  _previous: ActionState,
  form: FormData,
): Promise<ActionState> {
  return runAction(async () => {
    const access = await actionAccess(orgSlug, "manage-members");
    const parsed = memberChange.safeParse({
      userId: field(form, "userId"),
      intent: field(form, "intent"),
      role: field(form, "role") || undefined,
    });
    if (!parsed.success) throw new AccessError("invalid-input", "role: not a role");
    const { userId, intent, role } = parsed.data;
    if (intent === "set-role" && !role) throw new AccessError("invalid-input", "role: required");
    await changeMembership(
      authDb(),
      access.tenantId,
      access.role,
      userId,
      intent === "remove" ? null : (role ?? null),
    );
    revalidatePath(`/o/${access.slug}/members`);
    return { status: "ok", message: intent === "remove" ? "Member removed." : `Role changed to ${role}.` };
  });
}

export async function createInvitationAction(
  orgSlug: string,
  _previous: ActionState,
  form: FormData,
): Promise<ActionState> {
  return runAction(async () => {
    const access = await actionAccess(orgSlug, "manage-members");
    const { token } = await createInvitation(
      authDb(),
      access.tenantId,
      { userId: access.user.id, role: access.role },
      { email: field(form, "email"), role: field(form, "role") as never },
    );
    revalidatePath(`/o/${access.slug}/members`);
    return {
      status: "ok",
      message: `Invitation created for ${field(form, "email").trim().toLowerCase()}.`,
      secret: new URL(`/invite/${token}`, authEnv().AUTH_URL).toString(),
      secretLabel: "Send this link to them; it works once, for 7 days, and is shown only now.",
    };
  });
}

export async function revokeInvitationAction(
  orgSlug: string,
  _previous: ActionState,
  form: FormData,
): Promise<ActionState> {
  return runAction(async () => {
    const access = await actionAccess(orgSlug, "manage-members");
    await revokeInvitation(authDb(), access.tenantId, field(form, "invitationId"));
    revalidatePath(`/o/${access.slug}/members`);
    return { status: "ok", message: "Invitation revoked." };
  });
}
