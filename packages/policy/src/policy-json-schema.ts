import { z } from "zod";
import { policyFileSchema } from "./policy-schema.ts";

/** The published JSON Schema (schema/policy.v1.schema.json) is generated from the zod schema. */
export function policyJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(policyFileSchema, { target: "draft-2020-12", io: "input" }) as Record<
    string,
    unknown
  >;
  return {
    $schema: generated["$schema"],
    $id: "https://lodestar.dev/schema/policy.v1.schema.json",
    title: "Lodestar policy file, version 1",
    description: "Tools, rules, approvals and trust-ladder thresholds. See docs/adr/0010 and 0011.",
    ...Object.fromEntries(Object.entries(generated).filter(([k]) => k !== "$schema")),
  };
}
