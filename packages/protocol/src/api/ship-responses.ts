import { z } from "zod";

// What Machinaut answers `lodestar ship`, defined once: the server's route handlers and OpenAPI
// document use these schemas, and the shipper parses every answer with them. The answer comes
// from a transport (threat: a hostile or broken control plane), so the client believes nothing
// it has not parsed: a head that is not a seq and a hash must never steer where a resume starts.

const sessionName = z.string().min(1).max(200);
const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const count = z.number().int().nonnegative();

export const sessionHeadSchema = z.object({
  session: sessionName,
  headSeq: count,
  headHash: hex64,
  envelopes: count,
  checkpointSeq: count.nullable(),
});
export type SessionHead = z.infer<typeof sessionHeadSchema>;

export const ingestResponseSchema = z.object({
  session: sessionName,
  stored: count.describe("Envelopes written by this request."),
  alreadyStored: count.describe("Envelopes of the request already stored (no-op)."),
  headSeq: count,
  headHash: hex64,
  verified: z.boolean(),
});
export type IngestResponse = z.infer<typeof ingestResponseSchema>;
