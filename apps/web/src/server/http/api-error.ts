/** Stable codes of the HTTP API. Clients branch on them; the message is for people. */
export type ApiErrorCode =
  | "invalid-token"
  | "insufficient-scope"
  | "unauthenticated"
  | "forbidden"
  | "not-found"
  | "invalid-request"
  | "unsupported-media-type"
  | "empty-body"
  | "body-too-large"
  | "decompressed-too-large"
  | "invalid-gzip"
  | "line-too-long"
  | "too-many-lines"
  | "too-deep"
  | "invalid-utf8"
  | "invalid-envelope"
  | "session-mismatch"
  | "untrusted-checkpoint-key"
  | "fork"
  | "key-conflict"
  | "not-ready"
  | "internal";

/** A failure the API answers with: HTTP status, stable code, one clear message, optional details. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "ApiError";
  }
}

/**
 * The JSON answer for any error. Anything that is not an ApiError is a bug or an outage: the client
 * gets a fixed 500 body (no stack, no driver message that could leak schema or data) and the
 * server's log gets the error.
 */
export function errorResponse(error: unknown): Response {
  if (error instanceof ApiError) {
    return Response.json(
      { ...error.details, code: error.code, message: error.message },
      { status: error.status, headers: { "cache-control": "no-store" } },
    );
  }
  console.error("machinaut api: unhandled error", error);
  return Response.json(
    { code: "internal", message: "internal error" },
    { status: 500, headers: { "cache-control": "no-store" } },
  );
}
