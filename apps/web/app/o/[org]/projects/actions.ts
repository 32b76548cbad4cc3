"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { actionAccess } from "../../../../src/server/auth/org-access.ts";
import { field, runAction } from "../../../../src/server/auth/run-action.ts";
import { authDb } from "../../../../src/server/auth/runtime.ts";
import { createProject } from "../../../../src/server/tenancy/projects.ts";
import type { ActionState } from "../../../../src/ui/action-state.ts";

export async function createProjectAction(
  orgSlug: string,
  _previous: ActionState,
  form: FormData,
): Promise<ActionState> {
  return runAction(async () => {
    const access = await actionAccess(orgSlug, "manage-organisation");
    const { slug } = await createProject(authDb(), access.tenantId, {
      name: field(form, "name"),
      slug: field(form, "slug"),
    });
    revalidatePath(`/o/${access.slug}/projects`);
    redirect(`/o/${access.slug}/p/${slug}/sessions`);
  });
}
