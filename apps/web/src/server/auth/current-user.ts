import { redirect } from "next/navigation";
import { cache } from "react";
import { auth } from "./auth.ts";
import { safeLocalPath } from "./safe-local-path.ts";

export interface SignedInUser {
  id: string;
  email: string;
  name: string;
}

/** The signed-in user of this request, or null. Cached per request (layout and page share it). */
export const currentUser = cache(async (): Promise<SignedInUser | null> => {
  const session = await auth();
  const user = session?.user;
  if (!user?.id) return null;
  return { id: user.id, email: user.email ?? "", name: user.name ?? "" };
});

/** The signed-in user, or a redirect to sign-in that comes back to `returnTo` (a local path). */
export async function requireUser(returnTo: string): Promise<SignedInUser> {
  const user = await currentUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(safeLocalPath(returnTo))}`);
  return user;
}
