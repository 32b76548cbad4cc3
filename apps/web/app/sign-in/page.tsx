import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { currentUser } from "../../src/server/auth/current-user.ts";
import { safeLocalPath } from "../../src/server/auth/safe-local-path.ts";
import { serverEnv } from "../../src/server/env.ts";
import { ActionForm } from "../../src/ui/action-form.tsx";
import { AuthCard } from "../../src/ui/auth-card.tsx";
import { Field } from "../../src/ui/field.tsx";
import { SubmitButton } from "../../src/ui/submit-button.tsx";
import { signInWithOidc, signInWithPassword } from "./actions.ts";

export const metadata: Metadata = { title: "Sign in" };

/** Messages for next-auth's error codes and our OIDC refusals; anything else gets the generic one. */
const ERRORS: Record<string, string> = {
  "oidc-no-account": "No Machinaut account is linked to that sign-in. Ask the operator for access.",
  "oidc-email-unverified":
    "Your identity provider has not verified that email, so it cannot be linked to an account.",
  "oidc-no-email": "Your identity provider did not share an email address.",
  "oidc-profile": "Your identity provider's answer could not be read.",
  AccessDenied: "Sign-in was refused.",
  CredentialsSignin: "Wrong email or password.",
};

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string; error?: string }>;
}) {
  const { callbackUrl, error } = await searchParams;
  const returnTo = safeLocalPath(callbackUrl);
  if (await currentUser()) redirect(returnTo);
  const env = serverEnv();
  const oidc = Boolean(env.OIDC_ISSUER && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET);
  return (
    <AuthCard title="Sign in to Machinaut">
      {error && (
        <p role="alert" className="mb-4 rounded-md bg-red-50 p-3 text-sm text-red-800">
          {ERRORS[error] ?? "Sign-in failed. Try again."}
        </p>
      )}
      <ActionForm
        action={signInWithPassword}
        label="Sign in with email and password"
        className="flex flex-col gap-4"
      >
        <input type="hidden" name="callbackUrl" value={returnTo} />
        <Field label="Email" name="email" type="email" autoComplete="email" required />
        <Field label="Password" name="password" type="password" autoComplete="current-password" required />
        <SubmitButton>Sign in</SubmitButton>
      </ActionForm>
      {oidc && (
        <form action={signInWithOidc} className="mt-4 border-t border-slate-200 pt-4">
          <input type="hidden" name="callbackUrl" value={returnTo} />
          <SubmitButton tone="secondary" className="w-full">
            Sign in with {env.OIDC_NAME ?? "single sign-on"}
          </SubmitButton>
        </form>
      )}
      {env.MACHINAUT_MODE === "hosted" && (
        <p className="mt-6 text-center text-sm text-slate-700">
          New here?{" "}
          <Link
            href={returnTo === "/" ? "/sign-up" : `/sign-up?callbackUrl=${encodeURIComponent(returnTo)}`}
            className="font-medium text-indigo-700 underline focus-visible:outline-2 focus-visible:outline-indigo-600"
          >
            Create an account
          </Link>
        </p>
      )}
    </AuthCard>
  );
}
