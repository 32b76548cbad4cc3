"use client";

import { type ReactNode, useActionState } from "react";
import { type FormAction, IDLE } from "./action-state.ts";
import { FormStatus } from "./form-status.tsx";

/** A form bound to a server action, with its result (message, error or one-time secret) below. */
export function ActionForm({
  action,
  children,
  className,
  label,
}: {
  action: FormAction;
  children: ReactNode;
  className?: string;
  /** The form's accessible name (forms are landmarks only when named). */
  label?: string;
}) {
  const [state, formAction, pending] = useActionState(action, IDLE);
  return (
    <form action={formAction} className={className} aria-label={label} aria-busy={pending}>
      {children}
      <FormStatus state={state} />
    </form>
  );
}
