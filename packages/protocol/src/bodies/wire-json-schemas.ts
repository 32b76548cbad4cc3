import { z } from "zod";
import { signedDecisionSchema } from "../signed-decision.ts";
import { actionBodySchema } from "./action-body.ts";
import { decisionBodySchema } from "./decision-body.ts";
import { grantBodySchema } from "./grant-body.ts";
import { holdBodySchema } from "./hold-body.ts";
import { outcomeBodySchema } from "./outcome-body.ts";

const BASE = "https://lodestar.dev/schema/";

const BODY_NOTE =
  "Each property is the value of the envelope body part of that name (envelope.v1, docs/adr/0008); " +
  "a redacted part has no value and is absent from this view. See docs/adr/0020-wire-formats.md.";

/**
 * The published wire formats, by file name under packages/protocol/schema/. Generated from the zod
 * schemas the code produces and parses them with, so the two cannot drift (test/json-schema.test.ts).
 */
export const WIRE_FORMATS = {
  "action-body.v1.schema.json": { schema: actionBodySchema, title: "Lodestar action envelope body, v1" },
  "decision-body.v1.schema.json": {
    schema: decisionBodySchema,
    title: "Lodestar decision envelope body (the gate's verdict), v1",
  },
  "hold-body.v1.schema.json": { schema: holdBodySchema, title: "Lodestar hold envelope body, v1" },
  "grant-body.v1.schema.json": { schema: grantBodySchema, title: "Lodestar grant envelope body, v1" },
  "outcome-body.v1.schema.json": { schema: outcomeBodySchema, title: "Lodestar outcome envelope body, v1" },
  "signed-decision.v1.schema.json": {
    schema: signedDecisionSchema,
    title: "Lodestar signed decision, v1",
    description:
      "An approver's Ed25519-signed ruling on one hold. `sig` is base64url of the Ed25519 signature over " +
      '"lodestar.decision.v1\\n" followed by the RFC 8785 canonical JSON of every other field. ' +
      "See docs/adr/0012 and 0020.",
  },
} as const satisfies Record<string, { schema: z.ZodType; title: string; description?: string }>;

export type WireFormatFile = keyof typeof WIRE_FORMATS;

/** The JSON Schema (draft 2020-12) committed as `file`. */
export function wireJsonSchema(file: WireFormatFile): Record<string, unknown> {
  const format: { schema: z.ZodType; title: string; description?: string } = WIRE_FORMATS[file];
  const generated = z.toJSONSchema(format.schema, { target: "draft-2020-12", io: "input" }) as Record<
    string,
    unknown
  >;
  const { $schema, ...rest } = generated;
  return {
    $schema,
    $id: `${BASE}${file}`,
    title: format.title,
    description: format.description ?? BODY_NOTE,
    ...rest,
  };
}
