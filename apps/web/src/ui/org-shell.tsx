"use client";

import { useSelectedLayoutSegments } from "next/navigation";
import type { ReactNode } from "react";
import { AppShell, type NavItem } from "./app-shell.tsx";

/** The organisation's navigation (projects, members, settings). */
export function OrgShell({
  organisation,
  userEmail,
  children,
}: {
  organisation: { name: string; slug: string };
  userEmail: string;
  children: ReactNode;
}) {
  const segments = useSelectedLayoutSegments();
  const base = `/o/${organisation.slug}`;
  // Inside a project (/p/…) "Projects" stays current; the project's tabs are in its layout.
  const nav: NavItem[] = [
    {
      href: `${base}/projects`,
      label: "Projects",
      current: segments[0] === "projects" || segments[0] === "p",
    },
    { href: `${base}/members`, label: "Members", current: segments[0] === "members" },
    { href: `${base}/settings`, label: "Settings", current: segments[0] === "settings" },
  ];
  return (
    <AppShell
      organisation={{ name: organisation.name, href: `${base}/projects` }}
      userEmail={userEmail}
      nav={nav}
    >
      {children}
    </AppShell>
  );
}
