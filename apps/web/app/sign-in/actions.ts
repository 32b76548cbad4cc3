"use server";

import { AuthError } from "next-auth";
import { OIDC_PROVIDER_ID, signIn } from "../../src/server/auth/auth.ts";
import { field, runAction } from "../../src/server/auth/run-action.ts";
import { safeLocalPath } from "../../src/server/auth/safe-local-path.ts";
import type { ActionState } from "../../src/ui/action-state.ts";

export async function signInWithPassword(_previous: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    try {
      await signIn("password", {
        email: field(form, "email"),
        password: field(form, "password"),
        redirectTo: safeLocalPath(field(form, "callbackUrl")),
      });
    } catch (error) {
      // One message for an unknown email and a wrong password (no account oracle).
      if (error instanceof AuthError) {
        return { status: "error", code: "invalid-credentials", message: "Wrong email or password." };
      }
      throw error;
    }
    return { status: "idle" };
  });
}

export async function signInWithOidc(form: FormData): Promise<void> {
  await signIn(OIDC_PROVIDER_ID, { redirectTo: safeLocalPath(field(form, "callbackUrl")) });
}
