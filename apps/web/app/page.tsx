import Link from "next/link";
import { redirect } from "next/navigation";
import { currentUser } from "../src/server/auth/current-user.ts";
import { authDb } from "../src/server/auth/runtime.ts";
import { listMyOrganisations } from "../src/server/tenancy/my-organisations.ts";
import { AuthCard } from "../src/ui/auth-card.tsx";
import { RoleBadge } from "../src/ui/badge.tsx";
import { SignOutButton } from "../src/ui/sign-out-button.tsx";

export const dynamic = "force-dynamic";

/** Signed out: the way in. Signed in: your organisations (straight into the only one). */
export default async function HomePage() {
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  const organisations = await listMyOrganisations(authDb(), user.id);
  if (organisations.length === 1 && organisations[0]) redirect(`/o/${organisations[0].slug}/projects`);
  return (
    <AuthCard title="Your organisations">
      {organisations.length === 0 ? (
        <p className="text-slate-700">
          You are not a member of any organisation yet. Open an invitation link to join one.
        </p>
      ) : (
        <ul className="divide-y divide-slate-200">
          {organisations.map((org) => (
            <li key={org.slug} className="flex items-center justify-between gap-3 py-3">
              <Link
                href={`/o/${org.slug}/projects`}
                className="font-medium text-indigo-700 underline focus-visible:outline-2 focus-visible:outline-indigo-600"
              >
                {org.name}
              </Link>
              <RoleBadge role={org.role} />
            </li>
          ))}
        </ul>
      )}
      <div className="mt-6 flex items-center justify-between text-sm text-slate-700">
        <span className="truncate">{user.email}</span>
        <SignOutButton tone="light" />
      </div>
    </AuthCard>
  );
}
