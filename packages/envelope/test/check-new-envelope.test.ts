import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  createEnvelopeLine,
  type Envelope,
  EnvelopeError,
  type EnvelopeInput,
  envelopeFieldProblem,
} from "../src/index.ts";
import { envelopeId, envelopeInput, hex64, jsonValue, propertyTimeout, runs } from "./arbitraries.ts";

const VALID_ID = "ev_0000000000000000000000000000000000AB";
const VALID_TS = "2026-11-21T10:00:00.000Z";
const VALID_SALT = "AAAAAAAAAAAAAAAAAAAAAA";
const PREVIOUS_HASH = Symbol("the hash of the last envelope built");
const SAME_AGAIN = Symbol("the value this field was last given, valid or not");

/** The envelope createEnvelopeLine assembles from `input`, with fixed stand-ins for what it draws. */
function draftOf(input: EnvelopeInput): Envelope {
  const body: Envelope["body"] = {};
  for (const [name, part] of Object.entries(input.body)) {
    const salt = part.salt ?? VALID_SALT;
    body[name] = part.s === undefined ? { salt, value: part.value } : { s: part.s, salt, value: part.value };
  }
  return {
    v: 1,
    id: input.id ?? VALID_ID,
    session: input.session,
    seq: input.seq,
    ts: input.ts ?? VALID_TS,
    kind: input.kind,
    actor: input.actor,
    parents: input.parents ?? [],
    sensitivity: input.sensitivity,
    body,
    prev: input.prev,
    hash: "0".repeat(64),
  };
}

const fieldValue = fc.oneof(
  fc.constantFrom(PREVIOUS_HASH, SAME_AGAIN),
  hex64,
  envelopeId,
  fc.constantFrom(VALID_TS, VALID_SALT, "s", "", "x".repeat(300), "A".repeat(64), "2026-13-01T00:00:00.000Z"),
  fc.constantFrom(undefined, null, -1, 1.5, 0, Number.MAX_SAFE_INTEGER + 1, "observation", "public", "L9"),
  jsonValue,
);

const edit = fc.record({
  field: fc.constantFrom(
    "session",
    "seq",
    "prev",
    "kind",
    "actor",
    "parents",
    "sensitivity",
    "id",
    "ts",
    "part.s",
    "part.salt",
  ),
  value: fieldValue,
});

describe("createEnvelopeLine's check of what it assembles", () => {
  it(
    "refuses exactly what envelopeFieldProblem refuses, at the same field, call after call (a refused value given again is refused again)",
    () => {
      fc.assert(
        fc.property(
          fc.array(fc.tuple(envelopeInput, fc.array(edit, { maxLength: 3 })), { minLength: 1, maxLength: 6 }),
          (steps) => {
            // A sequence, because the check remembers the last valid session, ts and prev.
            let lastHash = "0".repeat(64);
            const lastGiven = new Map<string, unknown>();
            for (const [valid, edits] of steps) {
              const input = { ...valid, body: { ...valid.body } };
              const fields = input as unknown as Record<string, unknown>;
              for (const { field, value } of edits) {
                const v =
                  value === PREVIOUS_HASH ? lastHash : value === SAME_AGAIN ? lastGiven.get(field) : value;
                lastGiven.set(field, v);
                if (field.startsWith("part.")) {
                  const name = Object.keys(input.body)[0];
                  if (name !== undefined) input.body[name] = { ...input.body[name]!, [field.slice(5)]: v };
                } else fields[field] = v;
              }
              const expected = envelopeFieldProblem(draftOf(input));
              let refused: string | undefined;
              try {
                lastHash = createEnvelopeLine(input).envelope.hash;
              } catch (error) {
                if (!(error instanceof EnvelopeError)) throw error;
                refused = error.field ?? "(no field)";
              }
              expect(refused).toBe(expected?.field);
            }
          },
        ),
        { numRuns: runs * 5 },
      );
    },
    propertyTimeout,
  );
});
