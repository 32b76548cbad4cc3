"use client";

import type { ReactNode } from "react";
import { useFormStatus } from "react-dom";

const TONES = {
  primary: "bg-indigo-700 text-white hover:bg-indigo-800",
  secondary: "border border-slate-300 bg-white text-slate-800 hover:bg-slate-50",
  danger: "border border-red-300 bg-white text-red-700 hover:bg-red-50",
} as const;

/** A submit button that is disabled (and says so) while its form's action runs. */
export function SubmitButton({
  children,
  tone = "primary",
  className = "",
  name,
  value,
  ariaLabel,
}: {
  children: ReactNode;
  tone?: keyof typeof TONES;
  className?: string;
  name?: string;
  value?: string;
  ariaLabel?: string;
}) {
  const { pending } = useFormStatus();
  return (
    <button
      type="submit"
      name={name}
      value={value}
      aria-label={ariaLabel}
      disabled={pending}
      className={`inline-flex min-h-11 items-center justify-center rounded-md px-4 text-sm font-semibold focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:opacity-60 ${TONES[tone]} ${className}`}
    >
      {children}
    </button>
  );
}
