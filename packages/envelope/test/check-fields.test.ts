import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createEnvelopeLine, EnvelopeSchema, envelopeFieldProblem, PART_NAME_PATTERN } from "../src/index.ts";
import { envelopeInput, jsonValue, propertyTimeout, runs } from "./arbitraries.ts";

/** The declared schema's verdict (plus the part-name rule zod's record cannot enforce). */
function zodAccepts(value: unknown): boolean {
  if (!EnvelopeSchema.safeParse(value).success) return false;
  return Object.keys((value as { body: object }).body).every((name) => PART_NAME_PATTERN.test(name));
}

const paths: string[][] = [[], ["actor"], ["body"], ["parents"]];

describe("envelopeFieldProblem (the writer's hand-written schema check)", () => {
  it(
    "agrees with EnvelopeSchema on valid envelopes and on random edits of them",
    () => {
      const edit = fc.record({
        where: fc.constantFrom(...paths),
        key: fc.oneof(
          fc.constantFrom(
            "v",
            "id",
            "session",
            "seq",
            "ts",
            "kind",
            "actor",
            "parents",
            "sensitivity",
            "body",
            "prev",
            "hash",
          ),
          fc.constantFrom(
            "agent",
            "model",
            "operator",
            "0",
            "s",
            "salt",
            "value",
            "redacted",
            "__proto__",
            "x",
          ),
          fc.string({ maxLength: 4 }),
        ),
        value: fc.oneof(
          jsonValue,
          fc.constant(undefined),
          fc.constantFrom("", "a".repeat(257), -1, 1.5, "AAAAAAAAAAAAAAAAAAAAAA"),
        ),
        remove: fc.boolean(),
      });
      fc.assert(
        fc.property(envelopeInput, fc.array(edit, { maxLength: 3 }), fc.nat(), (input, edits, partPick) => {
          const value = JSON.parse(createEnvelopeLine(input).line) as Record<string, unknown>;
          for (const { where, key, value: v, remove } of edits) {
            let target: Record<string, unknown> = value;
            for (const step of where) target = target?.[step] as Record<string, unknown>;
            if (typeof target !== "object" || target === null) continue;
            if (where[0] === "body") {
              const names = Object.keys(target);
              if (names.length > 0 && partPick % 2 === 0)
                target = target[names[partPick % names.length]!] as Record<string, unknown>;
            }
            if (typeof target !== "object" || target === null) continue;
            if (remove) delete target[key];
            else
              Object.defineProperty(target, key, {
                value: v,
                enumerable: true,
                writable: true,
                configurable: true,
              });
          }
          expect(envelopeFieldProblem(value) === undefined).toBe(zodAccepts(value));
        }),
        { numRuns: runs * 5 },
      );
    },
    propertyTimeout,
  );
});
