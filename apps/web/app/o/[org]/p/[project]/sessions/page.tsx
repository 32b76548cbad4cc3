import type { Metadata } from "next";
import Link from "next/link";
import { requireProjectAccess } from "../../../../../../src/server/auth/org-access.ts";
import { authDb } from "../../../../../../src/server/auth/runtime.ts";
import { listSessions } from "../../../../../../src/server/sessions/list-sessions.ts";
import { VerifiedBadge } from "../../../../../../src/ui/badge.tsx";
import { formatWhen } from "../../../../../../src/ui/format.ts";
import { PageHeader } from "../../../../../../src/ui/page-header.tsx";

export const metadata: Metadata = { title: "Sessions" };

export default async function SessionsPage({
  params,
}: {
  params: Promise<{ org: string; project: string }>;
}) {
  const { org, project } = await params;
  const access = await requireProjectAccess(org, project);
  const sessions = await listSessions(authDb(), access.tenantId, access.project.id);
  return (
    <>
      <PageHeader title="Sessions">
        What was shipped here with <code className="font-mono">lodestar ship</code>: verified means the chain
        and its signed checkpoints checked out against this project&apos;s operator keys.
      </PageHeader>
      {sessions.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-slate-700">
          <p>No sessions yet.</p>
          <p className="mt-2 text-sm">
            Create an{" "}
            <Link
              href={`/o/${access.slug}/p/${access.project.slug}/tokens`}
              className="font-medium text-indigo-700 underline"
            >
              API token
            </Link>{" "}
            with the ingest scope, then run <code className="font-mono">lodestar ship --all</code>.
          </p>
        </div>
      ) : (
        <ul aria-label="Shipped sessions" className="flex flex-col gap-3">
          {sessions.map((session) => (
            <li
              key={session.session}
              data-testid="session"
              data-session={session.session}
              className="rounded-lg border border-slate-200 bg-white p-4"
            >
              <div className="flex flex-wrap items-start justify-between gap-2">
                <h2 className="min-w-0 break-all font-mono text-sm font-semibold text-slate-900">
                  {session.session}
                </h2>
                <VerifiedBadge verified={session.verified} />
              </div>
              <dl className="mt-3 grid grid-cols-2 gap-x-4 gap-y-2 text-sm">
                <div>
                  <dt className="text-xs text-slate-600">Agent</dt>
                  <dd className="break-all text-slate-900">{session.agent}</dd>
                </div>
                <div>
                  <dt className="text-xs text-slate-600">Envelopes</dt>
                  <dd className="text-slate-900">{session.envelopes.toLocaleString("en")}</dd>
                </div>
                <div>
                  <dt className="text-xs text-slate-600">Shipped</dt>
                  <dd className="text-slate-900">{formatWhen(new Date(session.shippedAt))}</dd>
                </div>
                <div>
                  <dt className="text-xs text-slate-600">Last event</dt>
                  <dd className="text-slate-900">{formatWhen(new Date(session.lastTs))}</dd>
                </div>
              </dl>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
