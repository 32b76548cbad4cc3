import { z } from "zod";

/**
 * Body of an `outcome` envelope: whether the tool call succeeded and what it returned. `result` is
 * recorded at `confidential` unless the tool says otherwise (it may echo file content or secrets).
 */
export const outcomeBodySchema = z.strictObject({
  ok: z.boolean(),
  result: z.unknown(),
});

export type OutcomeBody = z.output<typeof outcomeBodySchema>;
