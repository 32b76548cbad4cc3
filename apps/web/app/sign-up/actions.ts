"use server";

import { z } from "zod";
import { signIn } from "../../src/server/auth/auth.ts";
import { hashPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "../../src/server/auth/password.ts";
import { field, runAction } from "../../src/server/auth/run-action.ts";
import { authDb, authEnv } from "../../src/server/auth/runtime.ts";
import { safeLocalPath } from "../../src/server/auth/safe-local-path.ts";
import { createAccount, EmailTakenError } from "../../src/server/auth/sign-up.ts";
import type { ActionState } from "../../src/ui/action-state.ts";

const signUpSchema = z.object({
  name: z.string().trim().min(1, "name: required").max(100, "name: at most 100 characters"),
  email: z.string().trim().toLowerCase().email("email: not an email address").max(320),
  password: z
    .string()
    .min(PASSWORD_MIN_LENGTH, `password: at least ${PASSWORD_MIN_LENGTH} characters`)
    .max(PASSWORD_MAX_LENGTH, `password: at most ${PASSWORD_MAX_LENGTH} characters`),
  organisation: z
    .string()
    .trim()
    .min(1, "organisation: required")
    .max(100, "organisation: at most 100 characters"),
});

/** Hosted sign-up: a user, an organisation, its default project, the owner role; then signed in. */
export async function signUp(_previous: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    // Self-hosted has one operator account, made by `machinaut start`: no sign-up at all.
    if (authEnv().MACHINAUT_MODE !== "hosted")
      return { status: "error", code: "not-found", message: "Sign-up is off." };
    const parsed = signUpSchema.safeParse({
      name: field(form, "name"),
      email: field(form, "email"),
      password: field(form, "password"),
      organisation: field(form, "organisation"),
    });
    if (!parsed.success) {
      return {
        status: "error",
        code: "invalid-input",
        message: parsed.error.issues[0]?.message ?? "invalid input",
      };
    }
    const { name, email, password, organisation } = parsed.data;
    let organisationSlug: string;
    try {
      ({ organisationSlug } = await createAccount(authDb(), {
        email,
        name,
        passwordHash: await hashPassword(password),
        organisationName: organisation,
      }));
    } catch (error) {
      if (error instanceof EmailTakenError) {
        return {
          status: "error",
          code: "email-taken",
          message: "An account with this email exists: sign in instead.",
        };
      }
      throw error;
    }
    // Back where sign-up was asked for (an invitation link), else into the new organisation.
    const back = safeLocalPath(field(form, "callbackUrl"));
    await signIn("password", {
      email,
      password,
      redirectTo: back === "/" ? `/o/${organisationSlug}/projects` : back,
    });
    return { status: "idle" };
  });
}
