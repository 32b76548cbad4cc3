import { JcsError } from "./jcs-error.ts";

/**
 * RFC 8785 §3.2.2.3: numbers are serialized exactly as ECMAScript Number.prototype.toString does
 * (which also turns -0 into "0"). Strict mode on top of the RFC: an integer-valued number outside
 * ±(2^53 - 1) is rejected, because another language's parser may round it differently and the same
 * text would then hash to two different values. Such integers belong in strings.
 */
export function serializeNumber(value: number): string {
  if (Number.isSafeInteger(value)) return String(value); // the common case, one check
  if (!Number.isFinite(value)) {
    throw new JcsError("non-finite-number", `${String(value)} is not a JSON number`);
  }
  if (Number.isInteger(value)) {
    throw new JcsError("unsafe-integer", `integer ${String(value)} is beyond 2^53; encode it as a string`);
  }
  return String(value);
}
