import { JcsError } from "./jcs-error.ts";
import { isWellFormedString } from "./well-formed.ts";

// Characters that JSON.stringify (and so RFC 8785 §3.2.2.2) would escape, plus surrogates, which
// need the slower well-formedness check. Anything else is copied verbatim.
const NEEDS_WORK = /[\u0000-\u001f"\\\ud800-\udfff]/;

/**
 * RFC 8785 §3.2.2.2 string serialization. The RFC defines it as ECMAScript JSON.stringify's string
 * escaping, so the slow path delegates to the engine. A lone surrogate is rejected rather than
 * escaped: it has no UTF-8 form, so two implementations could disagree on the bytes it hashes to.
 */
export function serializeString(value: string): string {
  if (!NEEDS_WORK.test(value)) return `"${value}"`;
  if (!isWellFormedString(value)) {
    throw new JcsError("lone-surrogate", "string contains a lone UTF-16 surrogate");
  }
  return JSON.stringify(value);
}
