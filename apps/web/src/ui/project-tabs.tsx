"use client";

import Link from "next/link";
import { useSelectedLayoutSegment } from "next/navigation";

/** The project's own pages, as tabs under the organisation's navigation. */
export function ProjectTabs({ base, projectName }: { base: string; projectName: string }) {
  const segment = useSelectedLayoutSegment();
  const tabs = [
    { href: `${base}/sessions`, label: "Sessions", current: segment === "sessions" },
    { href: `${base}/tokens`, label: "API tokens", current: segment === "tokens" },
  ];
  return (
    <nav aria-label={`Project ${projectName}`} className="mb-6">
      <p className="text-sm text-slate-700">
        Project <span className="font-semibold text-slate-900">{projectName}</span>
      </p>
      <ul className="mt-2 flex gap-2">
        {tabs.map((tab) => (
          <li key={tab.href}>
            <Link
              href={tab.href}
              aria-current={tab.current ? "page" : undefined}
              className={`inline-flex min-h-11 items-center rounded-md px-3 text-sm font-medium focus-visible:outline-2 focus-visible:outline-indigo-600 ${
                tab.current
                  ? "bg-indigo-700 text-white"
                  : "border border-slate-300 bg-white text-slate-800 hover:bg-slate-50"
              }`}
            >
              {tab.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
