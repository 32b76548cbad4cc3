/** Why parseStrict refused its input. Stable: callers map these to reason codes. */
export type JsonParseErrorCode =
  | "unexpected-token"
  | "unexpected-end"
  | "trailing-garbage"
  | "invalid-number"
  | "non-finite-number"
  | "unsafe-integer"
  | "invalid-escape"
  | "control-character"
  | "lone-surrogate"
  | "duplicate-key"
  | "too-deep"
  | "invalid-option";

/**
 * Thrown by parseStrict. `offset` is the UTF-16 index into the input where the problem was found;
 * `path` is the JSON pointer (RFC 6901) of the value being parsed ("" is the root).
 */
export class JsonParseError extends Error {
  override readonly name = "JsonParseError";
  readonly code: JsonParseErrorCode;
  readonly offset: number;
  readonly path: string;

  constructor(code: JsonParseErrorCode, message: string, offset: number, path: string, cause?: unknown) {
    super(`${message} at offset ${offset} (path ${path === "" ? "(root)" : path})`, { cause });
    this.code = code;
    this.offset = offset;
    this.path = path;
  }
}
