"use server";

import { revalidatePath } from "next/cache";
import { actionAccess } from "../../../../src/server/auth/org-access.ts";
import { field, runAction } from "../../../../src/server/auth/run-action.ts";
import { authDb } from "../../../../src/server/auth/runtime.ts";
import { renameOrganisation } from "../../../../src/server/tenancy/organisation.ts";
import type { ActionState } from "../../../../src/ui/action-state.ts";

export async function renameOrganisationAction(
  orgSlug: string,
  _previous: ActionState,
  form: FormData,
): Promise<ActionState> {
  return runAction(async () => {
    const access = await actionAccess(orgSlug, "manage-organisation");
    await renameOrganisation(authDb(), access.tenantId, field(form, "name"));
    revalidatePath(`/o/${access.slug}`, "layout");
    return { status: "ok", message: "Saved." };
  });
}
