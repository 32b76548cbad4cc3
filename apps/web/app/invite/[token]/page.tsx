import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireUser } from "../../../src/server/auth/current-user.ts";
import { authDb } from "../../../src/server/auth/runtime.ts";
import { findOpenInvitation } from "../../../src/server/tenancy/invitations.ts";
import { ActionForm } from "../../../src/ui/action-form.tsx";
import { AuthCard } from "../../../src/ui/auth-card.tsx";
import { SubmitButton } from "../../../src/ui/submit-button.tsx";
import { acceptInvitationAction } from "./actions.ts";

// The secret is in the path: never send it onward in a Referer header.
export const metadata: Metadata = { title: "Invitation", referrer: "no-referrer" };

export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const user = await requireUser(`/invite/${token}`);
  const invitation = await findOpenInvitation(authDb(), token);
  if (!invitation) notFound();
  const mismatch = invitation.email !== user.email.toLowerCase();
  return (
    <AuthCard title={`Join ${invitation.organisationName}`}>
      <p className="text-slate-800">
        You are invited as <strong>{invitation.role}</strong>. The invitation is for{" "}
        <strong>{invitation.email}</strong>; you are signed in as <strong>{user.email}</strong>.
      </p>
      {mismatch && (
        <p role="alert" className="mt-4 rounded-md bg-amber-50 p-3 text-sm text-amber-900">
          Sign in as {invitation.email} to accept it.
        </p>
      )}
      <ActionForm
        action={acceptInvitationAction.bind(null, token)}
        label="Accept the invitation"
        className="mt-6 flex flex-col"
      >
        <SubmitButton>Accept and join</SubmitButton>
      </ActionForm>
    </AuthCard>
  );
}
