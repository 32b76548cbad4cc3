/** Why a value has no RFC 8785 canonical form. Stable: callers map these to reason codes. */
export type JcsErrorCode =
  | "non-finite-number"
  | "unsafe-integer"
  | "lone-surrogate"
  | "unsupported-type"
  | "too-deep"
  | "cycle"
  | "invalid-option";

/** Thrown by canonicalize; `path` is the JSON pointer of the offending value ("" is the root). */
export class JcsError extends Error {
  override readonly name = "JcsError";
  readonly code: JcsErrorCode;
  readonly path: string;

  constructor(code: JcsErrorCode, message: string, options?: { path?: string; cause?: unknown }) {
    const path = options?.path ?? "";
    super(`${message} at ${path === "" ? "(root)" : path}`, { cause: options?.cause });
    this.code = code;
    this.path = path;
    this.rawMessage = message;
  }

  /** The message without the location, used to rebuild it as the error unwinds to the root. */
  readonly rawMessage: string;

  /** Same error, one level further out: `segment` is the key or index that led to `this.path`. */
  withParent(segment: string | number): JcsError {
    return new JcsError(this.code, this.rawMessage, {
      path: `/${escapePointerSegment(String(segment))}${this.path}`,
      cause: this.cause,
    });
  }
}

/** RFC 6901: "~" and "/" inside a key must be escaped so the pointer stays unambiguous. */
export function escapePointerSegment(segment: string): string {
  if (segment.indexOf("~") === -1 && segment.indexOf("/") === -1) return segment;
  return segment.replaceAll("~", "~0").replaceAll("/", "~1");
}
