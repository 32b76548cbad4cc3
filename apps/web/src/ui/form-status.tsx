"use client";

import type { ActionState } from "./action-state.ts";
import { CopyButton } from "./copy-button.tsx";

/** The result of a form: a polite live region, so screen readers hear it without losing focus. */
export function FormStatus({ state }: { state: ActionState }) {
  return (
    <div aria-live="polite" className="basis-full empty:hidden">
      {state.status === "error" && (
        <p role="alert" data-code={state.code} className="mt-3 rounded-md bg-red-50 p-3 text-sm text-red-800">
          {state.message}
        </p>
      )}
      {state.status === "ok" && state.message && (
        <p className="mt-3 rounded-md bg-emerald-50 p-3 text-sm text-emerald-900">{state.message}</p>
      )}
      {state.secret && (
        <div className="mt-3 rounded-md border border-amber-300 bg-amber-50 p-3">
          <p className="text-sm font-medium text-amber-900">
            {state.secretLabel ?? "Copy it now: it is shown only once."}
          </p>
          <div className="mt-2 flex items-start gap-2">
            <code
              data-testid="one-time-secret"
              className="min-w-0 flex-1 break-all rounded bg-white p-2 font-mono text-xs text-slate-900"
            >
              {state.secret}
            </code>
            <CopyButton value={state.secret} />
          </div>
        </div>
      )}
    </div>
  );
}
