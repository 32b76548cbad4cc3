import type { z } from "zod";
import { EnvelopeError } from "./envelope-error.ts";
import { PART_NAME_PATTERN } from "./patterns.ts";
import { type Envelope, EnvelopeSchema } from "./schema.ts";

/**
 * Checks an untrusted value against the strict v1 schema and returns it typed. Does not check
 * canonical form or the hash (see parseEnvelopeLine / parseEnvelopeValue).
 */
export function validateEnvelope(value: unknown): Envelope {
  const result = EnvelopeSchema.safeParse(value);
  if (result.success) {
    const envelope = value as Envelope;
    // zod's record silently skips a "__proto__" key (neither validated nor reported), and
    // JSON.parse makes it an own property: check every part name here so none goes unvalidated.
    for (const name of Object.keys(envelope.body)) {
      if (!PART_NAME_PATTERN.test(name)) {
        throw new EnvelopeError("schema", `invalid part name ${JSON.stringify(name)}`, {
          field: `/body/${name}`,
        });
      }
    }
    // The input itself is returned, not zod's copy: it is what the caller parsed and will hash.
    return envelope;
  }
  if (isObject(value) && Object.hasOwn(value, "v") && value["v"] !== 1) {
    throw new EnvelopeError("unsupported-version", `unsupported envelope version ${String(value["v"])}`, {
      field: "/v",
    });
  }
  const issue = result.error.issues[0];
  throw new EnvelopeError("schema", issue ? issue.message : "not a v1 envelope", {
    field: issue ? pointerOf(issue) : "",
    cause: result.error,
  });
}

function pointerOf(issue: z.core.$ZodIssue): string {
  return issue.path
    .map((segment) => `/${String(segment).replaceAll("~", "~0").replaceAll("/", "~1")}`)
    .join("");
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
