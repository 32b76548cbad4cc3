import { signOutAction } from "./sign-out-action.ts";

const TONES = {
  dark: "border-slate-500 text-white hover:bg-slate-800 focus-visible:outline-white",
  light: "border-slate-300 text-slate-800 hover:bg-slate-100 focus-visible:outline-indigo-600",
} as const;

/** Sign-out is a POST (a server action), never a link a third-party page could trigger by GET. */
export function SignOutButton({ tone = "dark" }: { tone?: keyof typeof TONES }) {
  return (
    <form action={signOutAction}>
      <button
        type="submit"
        className={`min-h-11 rounded-md border px-3 text-sm font-medium focus-visible:outline-2 ${TONES[tone]}`}
      >
        Sign out
      </button>
    </form>
  );
}
