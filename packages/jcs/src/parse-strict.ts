import { DEFAULT_MAX_DEPTH, depthLimitProblem } from "./depth-limit.ts";
import { escapePointerSegment } from "./jcs-error.ts";
import { JsonParseError, type JsonParseErrorCode } from "./json-parse-error.ts";
import { isWellFormedString } from "./well-formed.ts";

export interface ParseStrictOptions {
  /** Nesting limit (arrays and objects); default 128, at most 1024. */
  maxDepth?: number;
}

// RFC 8259 §6 number grammar, anchored at lastIndex (sticky) so no substring is made to test it.
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const LITERALS = { t: ["true", true], f: ["false", false], n: ["null", null] } as const;
const SIMPLE_ESCAPES: Record<string, string> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};

/**
 * Strict RFC 8259 JSON parser for untrusted input (log lines, decisions, key files). Unlike
 * JSON.parse it rejects what would let two readers see different data in the same bytes:
 * duplicate keys (JSON.parse keeps the last, other parsers the first), lone surrogates, integers
 * beyond 2^53 (silently rounded), and nesting deeper than `maxDepth` (stack exhaustion). The
 * "__proto__" key becomes an ordinary own property, never the object's prototype.
 */
export function parseStrict(text: string, options?: ParseStrictOptions): unknown {
  let maxDepth = DEFAULT_MAX_DEPTH;
  if (options?.maxDepth !== undefined) {
    const problem = depthLimitProblem(options.maxDepth);
    if (problem !== undefined) throw new JsonParseError("invalid-option", problem, 0, "");
    maxDepth = options.maxDepth;
  }
  return new StrictParser(text, maxDepth).parseDocument();
}

class StrictParser {
  private pos = 0;
  // Keys and indices from the root to the value being parsed, for the error's JSON pointer.
  private readonly path: (string | number)[] = [];

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
  ) {}

  parseDocument(): unknown {
    const value = this.parseValue(0);
    this.skipWhitespace();
    if (this.pos < this.text.length) this.fail("trailing-garbage", "unexpected data after the JSON value");
    return value;
  }

  private parseValue(depth: number): unknown {
    this.skipWhitespace();
    const ch = this.text[this.pos];
    switch (ch) {
      case "{":
        return this.parseObject(depth + 1);
      case "[":
        return this.parseArray(depth + 1);
      case '"':
        return this.parseString();
      case "t":
      case "f":
      case "n":
        return this.parseLiteral(ch);
      case undefined:
        return this.fail("unexpected-end", "expected a value");
      default:
        if (ch === "-" || (ch >= "0" && ch <= "9")) return this.parseNumber();
        return this.fail("unexpected-token", `unexpected character ${JSON.stringify(ch)}`);
    }
  }

  private parseObject(depth: number): Record<string, unknown> {
    if (depth > this.maxDepth) this.fail("too-deep", `nesting exceeds the depth limit of ${this.maxDepth}`);
    this.pos++; // {
    const result: Record<string, unknown> = {};
    this.skipWhitespace();
    if (this.text[this.pos] === "}") {
      this.pos++;
      return result;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.pos] !== '"') this.failHere("expected a string key");
      const keyOffset = this.pos;
      const key = this.parseString();
      if (Object.hasOwn(result, key)) {
        this.path.push(key);
        this.fail("duplicate-key", `duplicate key ${JSON.stringify(key)}`, keyOffset);
      }
      this.expect(":");
      this.path.push(key);
      const value = this.parseValue(depth);
      this.path.pop();
      // defineProperty, not assignment: `result["__proto__"] = v` would replace the prototype
      // (prototype pollution) and drop the key from the data.
      Object.defineProperty(result, key, { value, enumerable: true, writable: true, configurable: true });
      this.skipWhitespace();
      const next = this.text[this.pos];
      this.pos++;
      if (next === "}") return result;
      if (next !== ",") {
        this.pos--;
        this.failHere("expected ',' or '}'");
      }
    }
  }

  private parseArray(depth: number): unknown[] {
    if (depth > this.maxDepth) this.fail("too-deep", `nesting exceeds the depth limit of ${this.maxDepth}`);
    this.pos++; // [
    const result: unknown[] = [];
    this.skipWhitespace();
    if (this.text[this.pos] === "]") {
      this.pos++;
      return result;
    }
    this.path.push(0);
    for (;;) {
      this.path[this.path.length - 1] = result.length;
      result.push(this.parseValue(depth));
      this.skipWhitespace();
      const next = this.text[this.pos];
      this.pos++;
      if (next === "]") {
        this.path.pop();
        return result;
      }
      if (next !== ",") {
        this.pos--;
        this.failHere("expected ',' or ']'");
      }
    }
  }

  private parseString(): string {
    const text = this.text;
    const start = this.pos;
    this.pos++; // opening quote
    let out = "";
    let chunkStart = this.pos;
    for (;;) {
      const code = text.charCodeAt(this.pos);
      if (code === 0x22) break; // closing quote
      if (Number.isNaN(code)) this.fail("unexpected-end", "unterminated string", start);
      if (code < 0x20) this.fail("control-character", "unescaped control character in string");
      if (code === 0x5c) {
        out += text.slice(chunkStart, this.pos);
        out += this.parseEscape();
        chunkStart = this.pos;
      } else {
        this.pos++;
      }
    }
    out += text.slice(chunkStart, this.pos);
    this.pos++; // closing quote
    // Covers both raw lone surrogates and ones spelled as \uD800 escapes: neither has a UTF-8 form.
    if (!isWellFormedString(out))
      this.fail("lone-surrogate", "string contains a lone UTF-16 surrogate", start);
    return out;
  }

  private parseEscape(): string {
    const escapeOffset = this.pos;
    const ch = this.text[this.pos + 1];
    if (ch === "u") {
      const hex = this.text.slice(this.pos + 2, this.pos + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail("invalid-escape", "invalid \\u escape", escapeOffset);
      this.pos += 6;
      return String.fromCharCode(Number.parseInt(hex, 16));
    }
    const simple = ch === undefined ? undefined : SIMPLE_ESCAPES[ch];
    if (simple === undefined) {
      if (ch === undefined) this.fail("unexpected-end", "unterminated escape", escapeOffset);
      this.fail("invalid-escape", `invalid escape \\${ch}`, escapeOffset);
    }
    this.pos += 2;
    return simple;
  }

  private parseNumber(): number {
    const start = this.pos;
    NUMBER.lastIndex = start;
    if (!NUMBER.test(this.text)) this.fail("invalid-number", "invalid number");
    const end = NUMBER.lastIndex;
    // "01", "1." and "1e" match a valid prefix; report them as bad numbers, not as trailing data.
    if (/[0-9.eE+-]/.test(this.text[end] ?? "")) this.fail("invalid-number", "invalid number");
    const value = Number(this.text.slice(start, end));
    // "1e400" parses to Infinity: no JSON number may become a non-finite one silently.
    if (!Number.isFinite(value)) this.fail("non-finite-number", "number is out of range", start);
    // Integers beyond 2^53 are rounded by JSON.parse without warning; two readers may disagree.
    if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
      this.fail("unsafe-integer", "integer beyond 2^53; encode it as a string", start);
    }
    this.pos = end;
    return value;
  }

  private parseLiteral(first: "t" | "f" | "n"): boolean | null {
    const [word, value] = LITERALS[first];
    if (!this.text.startsWith(word, this.pos)) this.failHere(`expected ${word}`);
    this.pos += word.length;
    return value;
  }

  private expect(ch: string): void {
    this.skipWhitespace();
    if (this.text[this.pos] !== ch) this.failHere(`expected '${ch}'`);
    this.pos++;
  }

  private skipWhitespace(): void {
    const text = this.text;
    let pos = this.pos;
    for (;;) {
      const code = text.charCodeAt(pos);
      // RFC 8259 whitespace only: space, tab, LF, CR (no BOM, no NBSP).
      if (code !== 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) break;
      pos++;
    }
    this.pos = pos;
  }

  /** Fails at the current position: end of input if there is none, otherwise an unexpected token. */
  private failHere(message: string): never {
    if (this.pos >= this.text.length) return this.fail("unexpected-end", `${message}, found end of input`);
    return this.fail("unexpected-token", `${message}, found ${JSON.stringify(this.text[this.pos])}`);
  }

  private fail(code: JsonParseErrorCode, message: string, offset: number = this.pos): never {
    const pointer = this.path.map((segment) => `/${escapePointerSegment(String(segment))}`).join("");
    throw new JsonParseError(code, message, offset, pointer);
  }
}
