import { z } from "zod";
import { ARG_PART_SUFFIX_SOURCE, type ArgsBase } from "./args-parts.ts";

// Field schemas shared by the envelope bodies. Each body schema describes the VALUES of an
// envelope's body parts, by part name (the part wrapping, salts and redaction are envelope.v1's,
// ADR 0008): a reader opens the parts it can, then parses the values.

export const level = z.enum(["L0", "L1", "L2", "L3", "L4"]);
export const holdId = z.string().regex(/^hold_[0-9a-z]{26,64}$/);
export const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);
export const timestamp = z.iso.datetime({ offset: true });
export const toolName = z.string().min(1).max(1024);
/** A call's arguments: any JSON object (what the agent sent, or what runs after resolution). */
export const argumentsObject = z.record(z.string(), z.unknown());
/** A stable reason code such as `action-digest-mismatch`. */
export const reasonCode = z.string().regex(/^[a-z][a-z0-9-]{0,63}$/);

/**
 * A body whose fixed parts are `shape`, plus one `<base>.<argument>` part per raised argument
 * (args-parts.ts). Any other part name is an error, so a body cannot smuggle unknown parts. The
 * same rule is published as the JSON Schema's `propertyNames` (zod's own intersection of an
 * object and a key-checked record does not reject unknown keys, so the check is explicit).
 */
export function withArgParts<T extends z.ZodRawShape>(shape: T, bases: readonly ArgsBase[]) {
  const fixed = Object.keys(shape).map((k) => k.replace(/[.]/g, "\\."));
  const names = new RegExp(`^(?:${fixed.join("|")}|(?:${bases.join("|")})\\.${ARG_PART_SUFFIX_SOURCE})$`);
  return z
    .object(shape)
    .catchall(z.unknown())
    .superRefine((body, ctx) => {
      for (const name of Object.keys(body))
        if (!names.test(name))
          ctx.addIssue({ code: "custom", message: `unknown part ${JSON.stringify(name)}`, path: [name] });
    })
    .meta({ propertyNames: { pattern: names.source } });
}
