import { DEFAULT_MAX_DEPTH } from "@lodestar/jcs";

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Recognizes RFC 8785 canonical JSON text without building values: the verify hot path checks
 * that a line is canonical by reading it once instead of parsing and re-serializing it.
 *
 * "Canonical" means exactly what @lodestar/jcs canonicalize() would produce: no whitespace;
 * object keys unique and sorted by UTF-16 code units; numbers spelled as ECMAScript
 * Number.prototype.toString spells them, integers within ±(2^53 − 1); strings escaping only `"`,
 * `\` and control characters, with the short escapes where they exist and lowercase \u00xx
 * otherwise; nesting at most DEFAULT_MAX_DEPTH. Callers must first reject lines containing raw
 * control characters or lone surrogates (see inspect-line.ts); those are checked once per line.
 *
 * A scanner that accepted text canonicalize() would not produce would let two spellings of one
 * envelope verify, so this is tested against JSON.parse + canonicalize on random and mutated input.
 * Each function returns the index just past the value, or -1 when it is not canonical.
 */
export class CanonicalScanner {
  readonly text: string;
  /** Index of the next backslash at or after the last search, or -1 if there is none left. */
  private nextBackslash = -2;

  constructor(text: string) {
    this.text = text;
  }

  value(at: number, depthLeft: number = DEFAULT_MAX_DEPTH): number {
    const c = this.text.charCodeAt(at);
    if (c === QUOTE) return this.string(at);
    if (c === 0x7b) return this.object(at, depthLeft);
    if (c === 0x5b) return this.array(at, depthLeft);
    if (c === 0x74) return this.text.startsWith("true", at) ? at + 4 : -1;
    if (c === 0x66) return this.text.startsWith("false", at) ? at + 5 : -1;
    if (c === 0x6e) return this.text.startsWith("null", at) ? at + 4 : -1;
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.number(at);
    return -1;
  }

  /** A string starting at the quote `at`. */
  string(at: number): number {
    const text = this.text;
    if (text.charCodeAt(at) !== QUOTE) return -1;
    let from = at + 1;
    let quote = text.indexOf('"', from);
    for (;;) {
      if (quote === -1) return -1;
      const backslash = this.backslashFrom(from);
      if (backslash === -1 || backslash > quote) return quote + 1;
      const escapeEnd = escapeLength(text, backslash);
      if (escapeEnd === -1) return -1;
      from = escapeEnd;
      // Search for the closing quote again only if the escape consumed it (\"): keeps a string
      // with many escapes linear, not quadratic.
      if (quote < from) quote = text.indexOf('"', from);
    }
  }

  /**
   * The decoded value of the string text[at, end) (a key), cheap when it has no escapes; undefined
   * if it does not decode (e.g. a raw control character, which this scanner does not look for).
   */
  stringValue(at: number, end: number): string | undefined {
    const raw = this.text.slice(at + 1, end - 1);
    if (raw.indexOf("\\") === -1) return raw;
    try {
      return JSON.parse(this.text.slice(at, end)) as string;
    } catch {
      return undefined;
    }
  }

  number(at: number): number {
    const text = this.text;
    let end = at;
    for (;;) {
      const c = text.charCodeAt(end);
      // Digits, "-", "+", ".", "e", "E": every character a JSON number can contain.
      if ((c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2b || c === 0x2e || c === 0x65 || c === 0x45)
        end++;
      else break;
    }
    const token = text.slice(at, end);
    const value = Number(token);
    // Canonical iff ES Number.prototype.toString gives back the same text (this also rejects "-0",
    // "1.0", "1e5", ".5", overflow to Infinity), and not an integer beyond 2^53 (jcs strict mode).
    if (String(value) !== token) return -1;
    if (Number.isInteger(value) && !Number.isSafeInteger(value)) return -1;
    return end;
  }

  object(at: number, depthLeft: number): number {
    const text = this.text;
    if (depthLeft <= 0 || text.charCodeAt(at) !== 0x7b) return -1;
    let i = at + 1;
    if (text.charCodeAt(i) === 0x7d) return i + 1;
    let previousKey: string | undefined;
    for (;;) {
      const keyEnd = this.string(i);
      if (keyEnd === -1) return -1;
      const key = this.stringValue(i, keyEnd);
      if (key === undefined) return -1;
      // Strictly increasing: sorted (RFC 8785 §3.2.3) and no duplicates.
      if (previousKey !== undefined && !(previousKey < key)) return -1;
      previousKey = key;
      if (text.charCodeAt(keyEnd) !== 0x3a) return -1;
      i = this.value(keyEnd + 1, depthLeft - 1);
      if (i === -1) return -1;
      const c = text.charCodeAt(i);
      if (c === 0x7d) return i + 1;
      if (c !== 0x2c) return -1;
      i++;
    }
  }

  array(at: number, depthLeft: number): number {
    const text = this.text;
    if (depthLeft <= 0 || text.charCodeAt(at) !== 0x5b) return -1;
    let i = at + 1;
    if (text.charCodeAt(i) === 0x5d) return i + 1;
    for (;;) {
      i = this.value(i, depthLeft - 1);
      if (i === -1) return -1;
      const c = text.charCodeAt(i);
      if (c === 0x5d) return i + 1;
      if (c !== 0x2c) return -1;
      i++;
    }
  }

  private backslashFrom(from: number): number {
    if (this.nextBackslash === -1) return -1;
    if (this.nextBackslash < from) this.nextBackslash = this.text.indexOf("\\", from);
    return this.nextBackslash;
  }
}

// Control characters JSON.stringify writes with a short escape (\b \t \n \f \r).
const SHORT_ESCAPES: Record<number, true> = { 98: true, 116: true, 110: true, 102: true, 114: true };

/** Value of a lowercase hex digit (JSON.stringify writes \u00xx in lowercase), else -1. */
function lowerHex(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  return -1;
}

/** Index just past the escape at `at` if it is the canonical one for its character, else -1. */
function escapeLength(text: string, at: number): number {
  const c = text.charCodeAt(at + 1);
  if (c === QUOTE || c === BACKSLASH || SHORT_ESCAPES[c]) return at + 2;
  if (c !== 0x75) return -1; // "\/" and friends are valid JSON but never canonical
  // \u00xx, lowercase, only for a control character that has no short escape.
  if (text.charCodeAt(at + 2) !== 0x30 || text.charCodeAt(at + 3) !== 0x30) return -1;
  const high = lowerHex(text.charCodeAt(at + 4));
  const low = lowerHex(text.charCodeAt(at + 5));
  if (high === -1 || low === -1 || high > 1) return -1;
  const code = high * 16 + low;
  if (code === 0x08 || code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d) return -1;
  return at + 6;
}
