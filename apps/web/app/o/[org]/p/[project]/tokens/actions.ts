"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { AccessError } from "../../../../../../src/server/auth/access-error.ts";
import { actionProjectAccess } from "../../../../../../src/server/auth/org-access.ts";
import { field, runAction } from "../../../../../../src/server/auth/run-action.ts";
import { authDb } from "../../../../../../src/server/auth/runtime.ts";
import {
  API_TOKEN_SCOPES,
  createApiToken,
  revokeApiToken,
} from "../../../../../../src/server/tokens/index.ts";
import type { ActionState } from "../../../../../../src/ui/action-state.ts";
import { TOKEN_EXPIRY_DAYS } from "./token-expiry.ts";

const newToken = z.object({
  name: z.string().trim().min(1, "name: required").max(100, "name: at most 100 characters"),
  scopes: z.array(z.enum(API_TOKEN_SCOPES)).min(1, "scopes: choose at least one"),
  expiresInDays: z.enum(TOKEN_EXPIRY_DAYS),
});

export async function createTokenAction(
  orgSlug: string,
  projectSlug: string,
  _previous: ActionState,
  form: FormData,
): Promise<ActionState> {
  return runAction(async () => {
    const access = await actionProjectAccess(orgSlug, projectSlug, "manage-tokens");
    const parsed = newToken.safeParse({
      name: field(form, "name"),
      scopes: form.getAll("scopes"),
      expiresInDays: field(form, "expiresInDays"),
    });
    if (!parsed.success)
      throw new AccessError("invalid-input", parsed.error.issues[0]?.message ?? "invalid token");
    const days = Number(parsed.data.expiresInDays);
    const created = await createApiToken(authDb(), access.tenantId, {
      projectId: access.project.id,
      name: parsed.data.name,
      scopes: parsed.data.scopes,
      createdBy: access.user.id,
      expiresAt: days > 0 ? new Date(Date.now() + days * 86_400_000) : undefined,
    });
    revalidatePath(`/o/${access.slug}/p/${access.project.slug}/tokens`);
    return {
      status: "ok",
      message: `Token "${created.name}" created.`,
      secret: created.token,
      secretLabel: "Copy this token now: it is shown only once, and Machinaut keeps only its hash.",
    };
  });
}

export async function revokeTokenAction(
  orgSlug: string,
  projectSlug: string,
  _previous: ActionState,
  form: FormData,
): Promise<ActionState> {
  return runAction(async () => {
    const access = await actionProjectAccess(orgSlug, projectSlug, "manage-tokens");
    await revokeApiToken(authDb(), access.tenantId, field(form, "tokenId"));
    revalidatePath(`/o/${access.slug}/p/${access.project.slug}/tokens`);
    return { status: "ok", message: "Token revoked." };
  });
}
