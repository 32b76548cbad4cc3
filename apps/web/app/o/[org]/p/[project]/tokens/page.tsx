import type { Metadata } from "next";
import { requireProjectAccess } from "../../../../../../src/server/auth/org-access.ts";
import { can } from "../../../../../../src/server/auth/roles.ts";
import { authDb } from "../../../../../../src/server/auth/runtime.ts";
import { API_TOKEN_SCOPES, listApiTokens } from "../../../../../../src/server/tokens/index.ts";
import { ActionForm } from "../../../../../../src/ui/action-form.tsx";
import { Field, SelectField } from "../../../../../../src/ui/field.tsx";
import { formatWhen } from "../../../../../../src/ui/format.ts";
import { PageHeader, Section } from "../../../../../../src/ui/page-header.tsx";
import { SubmitButton } from "../../../../../../src/ui/submit-button.tsx";
import { createTokenAction, revokeTokenAction } from "./actions.ts";
import { TOKEN_EXPIRY_DAYS, TOKEN_EXPIRY_LABELS } from "./token-expiry.ts";

export const metadata: Metadata = { title: "API tokens" };

const SCOPE_HELP: Record<(typeof API_TOKEN_SCOPES)[number], string> = {
  ingest: "ship sessions (lodestar ship)",
  guard: "the guard's channel (holds and decisions)",
  keys: "register operator keys",
};

export default async function TokensPage({ params }: { params: Promise<{ org: string; project: string }> }) {
  const { org, project } = await params;
  const access = await requireProjectAccess(org, project);
  const manage = can(access.role, "manage-tokens");
  const tokens = await listApiTokens(authDb(), access.tenantId, access.project.id);
  const now = new Date();
  return (
    <>
      <PageHeader title="API tokens">
        Tokens let <code className="font-mono">lodestar</code> talk to this project. Machinaut stores only a
        hash.
      </PageHeader>
      {manage ? (
        <Section title="New token">
          <ActionForm
            action={createTokenAction.bind(null, access.slug, access.project.slug)}
            label="New token"
            className="flex flex-col gap-4 rounded-lg border border-slate-200 bg-white p-4"
          >
            <Field
              label="Name"
              name="name"
              required
              maxLength={100}
              hint="Where it will be used, e.g. “ci runner”."
            />
            <fieldset className="flex flex-col gap-2">
              <legend className="text-sm font-medium text-slate-800">Scopes</legend>
              {API_TOKEN_SCOPES.map((scope) => (
                <label key={scope} className="flex min-h-11 items-center gap-3 text-sm">
                  <input
                    type="checkbox"
                    name="scopes"
                    value={scope}
                    defaultChecked={scope === "ingest"}
                    className="size-5 shrink-0 accent-indigo-700"
                  />
                  <span>
                    <span className="font-mono font-semibold">{scope}</span>{" "}
                    <span className="text-slate-700">— {SCOPE_HELP[scope]}</span>
                  </span>
                </label>
              ))}
            </fieldset>
            <SelectField
              label="Expires after"
              name="expiresInDays"
              options={TOKEN_EXPIRY_DAYS.map((days) => ({ value: days, label: TOKEN_EXPIRY_LABELS[days] }))}
              defaultValue="90"
            />
            <SubmitButton className="self-start">Create token</SubmitButton>
          </ActionForm>
        </Section>
      ) : (
        <p className="mb-6 rounded-md bg-slate-100 p-3 text-sm text-slate-800" data-testid="read-only-notice">
          Only owners and admins create or revoke tokens. Your role: {access.role}.
        </p>
      )}
      <Section title="Tokens">
        {tokens.length === 0 ? (
          <p className="text-sm text-slate-700">No tokens yet.</p>
        ) : (
          <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
            {tokens.map((token) => {
              const expired = token.expiresAt !== null && token.expiresAt <= now;
              const state = token.revokedAt ? "revoked" : expired ? "expired" : "active";
              return (
                <li
                  key={token.id}
                  className="p-4"
                  data-testid="token"
                  data-name={token.name}
                  data-state={state}
                >
                  <div className="flex flex-wrap items-center justify-between gap-2">
                    <p className="min-w-0 truncate font-medium">{token.name}</p>
                    <span
                      className={`rounded-full px-2 py-0.5 text-xs font-semibold ${
                        state === "active" ? "bg-emerald-100 text-emerald-900" : "bg-slate-200 text-slate-800"
                      }`}
                    >
                      {state}
                    </span>
                  </div>
                  <p className="mt-1 text-xs text-slate-700">
                    {token.scopes.join(", ")} · created {formatWhen(token.createdAt)} · expires{" "}
                    {token.expiresAt ? formatWhen(token.expiresAt) : "never"} · last used{" "}
                    {formatWhen(token.lastUsedAt)}
                  </p>
                  {manage && state === "active" && (
                    <ActionForm
                      action={revokeTokenAction.bind(null, access.slug, access.project.slug)}
                      label={`Revoke ${token.name}`}
                      className="mt-2"
                    >
                      <input type="hidden" name="tokenId" value={token.id} />
                      <SubmitButton tone="danger" ariaLabel={`Revoke ${token.name}`}>
                        Revoke
                      </SubmitButton>
                    </ActionForm>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </Section>
    </>
  );
}
