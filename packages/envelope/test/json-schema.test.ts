import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ENVELOPE_SCHEMA_ID, envelopeJsonSchema } from "../src/index.ts";

describe("schema/envelope.v1.schema.json", () => {
  it("is exactly what the zod schema generates (run `pnpm --filter @lodestar/envelope schema`)", () => {
    const committed = JSON.parse(
      readFileSync(new URL("../schema/envelope.v1.schema.json", import.meta.url), "utf8"),
    );
    expect(committed).toEqual(envelopeJsonSchema());
  });

  it("is versioned, strict, and requires every header field", () => {
    const schema = envelopeJsonSchema() as {
      $id: string;
      additionalProperties: boolean;
      required: string[];
      properties: { v: { const: number } };
    };
    expect(schema.$id).toBe(ENVELOPE_SCHEMA_ID);
    expect(schema.$id).toMatch(/envelope\.v1\./);
    expect(schema.properties.v.const).toBe(1);
    expect(schema.additionalProperties).toBe(false);
    expect([...schema.required].sort()).toEqual(
      [
        "actor",
        "body",
        "hash",
        "id",
        "kind",
        "parents",
        "prev",
        "sensitivity",
        "seq",
        "session",
        "ts",
        "v",
      ].sort(),
    );
  });
});
