import type { Envelope } from "@lodestar/envelope";
import { readLog } from "@lodestar/log";

/** Every envelope of a session log, in order, read with the log package's own reader. */
export async function readSession(file: string): Promise<Envelope[]> {
  const envelopes: Envelope[] = [];
  for await (const envelope of readLog(file)) envelopes.push(envelope);
  return envelopes;
}

/** A body part's value; undefined when absent or redacted. */
export function partValue(envelope: Envelope, part: string): unknown {
  const p = envelope.body[part];
  return p !== undefined && "value" in p ? p.value : undefined;
}
