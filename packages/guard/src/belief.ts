import type { ProposedCall } from "@lodestar/kernel";
import { z } from "zod";

// Beliefs and rationales come from the agent: attacker-controlled, so parse defensively and bound
// their size before they reach the kernel and the log.
const statement = z.string().trim().min(1).max(4000);
const confidence = z.number().finite().min(0).max(1);
const cites = z.array(z.string().min(1).max(200)).max(64);

/** `lodestar_note` arguments: a belief always states its confidence. */
export const noteArgumentsSchema = z.object({ statement, confidence, cites: cites.optional() });

/** `_meta.lodestar` on a tools/call: a rationale; a bare string is shorthand for `{ statement }`. */
const rationaleSchema = z.union([
  statement.transform((s) => ({ statement: s })),
  z.object({ statement, confidence: confidence.optional(), cites: cites.optional() }),
]);

export type Rationale = NonNullable<ProposedCall["rationale"]>;

export type RationaleParse = { ok: true; rationale: Rationale | undefined } | { ok: false; message: string };

/** Reads the optional rationale an agent attached to a call. Absent is fine; malformed is refused. */
export function parseRationale(value: unknown): RationaleParse {
  if (value === undefined) return { ok: true, rationale: undefined };
  const parsed = rationaleSchema.safeParse(value);
  if (!parsed.success) return { ok: false, message: z.prettifyError(parsed.error) };
  return { ok: true, rationale: dropUndefined(parsed.data) };
}

/** The kernel sees only the fields that were given (no `confidence: undefined` in the log). */
export function dropUndefined(belief: {
  statement: string;
  confidence?: number | undefined;
  cites?: string[] | undefined;
}): Rationale {
  const out: Rationale = { statement: belief.statement };
  if (belief.confidence !== undefined) out.confidence = belief.confidence;
  if (belief.cites !== undefined) out.cites = belief.cites;
  return out;
}
