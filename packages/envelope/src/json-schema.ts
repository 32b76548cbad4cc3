import { z } from "zod";
import { EnvelopeSchema } from "./schema.ts";

/** Public identifier of the v1 envelope JSON Schema (schema/envelope.v1.schema.json). */
export const ENVELOPE_SCHEMA_ID = "https://lodestar.dev/schema/envelope.v1.schema.json";

/**
 * The v1 envelope as JSON Schema (draft 2020-12), generated from the zod schema so the two cannot
 * drift; a test checks the committed file against this. Canonical form and the hash rule are not
 * expressible in JSON Schema and are stated in docs/adr/0008.
 */
export function envelopeJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(EnvelopeSchema, { target: "draft-2020-12" }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return {
    $schema,
    $id: ENVELOPE_SCHEMA_ID,
    title: "Lodestar envelope v1",
    description:
      "One line of a Lodestar log. The line must also be the RFC 8785 canonical form of this object, " +
      "and `hash` must equal the envelope hash defined in docs/adr/0008-envelope-and-chain-format.md.",
    ...rest,
  };
}
