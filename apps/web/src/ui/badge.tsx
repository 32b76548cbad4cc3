/** Verified or not, in words and colour (colour alone is not enough: WCAG 1.4.1). */
export function VerifiedBadge({ verified }: { verified: boolean }) {
  return verified ? (
    <span
      data-testid="verification"
      data-verified="true"
      className="inline-flex items-center gap-1 rounded-full bg-emerald-100 px-2 py-0.5 text-xs font-semibold text-emerald-900"
    >
      <span aria-hidden="true">✓</span> Verified
    </span>
  ) : (
    <span
      data-testid="verification"
      data-verified="false"
      className="inline-flex items-center gap-1 rounded-full bg-amber-100 px-2 py-0.5 text-xs font-semibold text-amber-900"
    >
      <span aria-hidden="true">!</span> Not verified
    </span>
  );
}

/** A member's role, as a neutral chip. */
export function RoleBadge({ role }: { role: string }) {
  return (
    <span
      data-testid="role"
      className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-800"
    >
      {role}
    </span>
  );
}
