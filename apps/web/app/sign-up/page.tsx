import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { safeLocalPath } from "../../src/server/auth/safe-local-path.ts";
import { serverEnv } from "../../src/server/env.ts";
import { ActionForm } from "../../src/ui/action-form.tsx";
import { AuthCard } from "../../src/ui/auth-card.tsx";
import { Field } from "../../src/ui/field.tsx";
import { SubmitButton } from "../../src/ui/submit-button.tsx";
import { signUp } from "./actions.ts";

export const metadata: Metadata = { title: "Create an account" };

export default async function SignUpPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string }>;
}) {
  // Rendered per request: the mode is read from the environment at run time, never at build time.
  await connection();
  if (serverEnv().MACHINAUT_MODE !== "hosted") notFound();
  const returnTo = safeLocalPath((await searchParams).callbackUrl);
  return (
    <AuthCard title="Create your Machinaut account">
      <ActionForm action={signUp} label="Create an account" className="flex flex-col gap-4">
        <input type="hidden" name="callbackUrl" value={returnTo} />
        <Field label="Your name" name="name" autoComplete="name" required />
        <Field label="Email" name="email" type="email" autoComplete="email" required />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          minLength={10}
          required
          hint="At least 10 characters."
        />
        <Field
          label="Organisation"
          name="organisation"
          autoComplete="organization"
          required
          hint="You can rename it later."
        />
        <SubmitButton>Create account</SubmitButton>
      </ActionForm>
      <p className="mt-6 text-center text-sm text-slate-700">
        Have an account?{" "}
        <Link
          href="/sign-in"
          className="font-medium text-indigo-700 underline focus-visible:outline-2 focus-visible:outline-indigo-600"
        >
          Sign in
        </Link>
      </p>
    </AuthCard>
  );
}
