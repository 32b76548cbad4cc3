import Link from "next/link";
import type { ReactNode } from "react";
import { SignOutButton } from "./sign-out-button.tsx";

export interface NavItem {
  href: string;
  label: string;
  current: boolean;
}

/**
 * The signed-in frame: a skip link, a banner with the organisation and the user, a navigation
 * landmark, and the main landmark. Mobile-first: the nav scrolls sideways at 360 px.
 */
export function AppShell({
  organisation,
  userEmail,
  nav,
  children,
}: {
  organisation: { name: string; href: string };
  userEmail: string;
  nav: NavItem[];
  children: ReactNode;
}) {
  return (
    <>
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-10 focus:rounded focus:bg-white focus:p-2 focus:text-indigo-800"
      >
        Skip to content
      </a>
      <header className="border-b border-slate-200 bg-slate-900 text-white">
        <div className="mx-auto flex max-w-4xl items-center justify-between gap-3 px-4 py-3">
          <div className="min-w-0">
            <Link
              href="/"
              className="text-xs font-semibold uppercase tracking-wide text-indigo-200 focus-visible:outline-2 focus-visible:outline-white"
            >
              Machinaut
            </Link>
            <p className="truncate text-base font-semibold">
              <Link href={organisation.href} className="focus-visible:outline-2 focus-visible:outline-white">
                {organisation.name}
              </Link>
            </p>
          </div>
          <div className="flex shrink-0 items-center gap-2">
            <span className="hidden max-w-48 truncate text-sm text-slate-300 sm:inline">{userEmail}</span>
            <SignOutButton />
          </div>
        </div>
        <nav aria-label="Organisation" className="mx-auto max-w-4xl overflow-x-auto px-2">
          <ul className="flex gap-1">
            {nav.map((item) => (
              <li key={item.href}>
                <Link
                  href={item.href}
                  aria-current={item.current ? "page" : undefined}
                  className={`inline-block whitespace-nowrap border-b-2 px-3 py-2 text-sm font-medium focus-visible:outline-2 focus-visible:outline-white ${
                    item.current
                      ? "border-indigo-300 text-white"
                      : "border-transparent text-slate-300 hover:text-white"
                  }`}
                >
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" className="mx-auto max-w-4xl px-4 py-6">
        {children}
      </main>
    </>
  );
}
