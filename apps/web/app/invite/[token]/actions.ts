"use server";

import { redirect } from "next/navigation";
import { AccessError } from "../../../src/server/auth/access-error.ts";
import { currentUser } from "../../../src/server/auth/current-user.ts";
import { runAction } from "../../../src/server/auth/run-action.ts";
import { authDb } from "../../../src/server/auth/runtime.ts";
import { acceptInvitation } from "../../../src/server/tenancy/invitations.ts";
import type { ActionState } from "../../../src/ui/action-state.ts";

export async function acceptInvitationAction(token: string, _previous: ActionState): Promise<ActionState> {
  return runAction(async () => {
    const user = await currentUser();
    if (!user) throw new AccessError("not-found", "sign in first");
    const { organisationSlug } = await acceptInvitation(authDb(), token, user);
    redirect(`/o/${organisationSlug}/projects`);
  });
}
