import type { EnvelopeKind } from "@lodestar/envelope";

/**
 * Kinds that gate an action (protocol §3): fsynced before append() resolves, because the kernel
 * lets the action run right after. A power cut must not erase the record of an action that ran.
 */
export const GATING_KINDS: ReadonlySet<EnvelopeKind> = new Set<EnvelopeKind>([
  "decision",
  "hold",
  "grant",
  "action",
]);
