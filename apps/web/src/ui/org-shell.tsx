"use client";

import { useSelectedLayoutSegments } from "next/navigation";
import type { ReactNode } from "react";
import { AppShell, type NavItem } from "./app-shell.tsx";

/** The organisation's navigation; inside a project, the project's pages come first. */
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
  const nav: NavItem[] = [];
  if (segments[0] === "p" && segments[1]) {
    const project = `${base}/p/${segments[1]}`;
    nav.push(
      { href: `${project}/sessions`, label: "Sessions", current: segments[2] === "sessions" },
      { href: `${project}/tokens`, label: "API tokens", current: segments[2] === "tokens" },
    );
  }
  nav.push(
    { href: `${base}/projects`, label: "Projects", current: segments[0] === "projects" },
    { href: `${base}/members`, label: "Members", current: segments[0] === "members" },
    { href: `${base}/settings`, label: "Settings", current: segments[0] === "settings" },
  );
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
