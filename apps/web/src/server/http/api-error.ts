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
  | "unavailable"
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
  if (isStoreUnavailable(error)) {
    // The database restarting or unreachable: retryable, and a shipper resumes from the head.
    return Response.json(
      { code: "unavailable", message: "the database is unavailable; retry shortly" },
      { status: 503, headers: { "cache-control": "no-store", "retry-after": "2" } },
    );
  }
  console.error("machinaut api: unhandled error", error);
  return Response.json(
    { code: "internal", message: "internal error" },
    { status: 500, headers: { "cache-control": "no-store" } },
  );
}

/** postgres.js connection failures and Postgres' own shutdown/startup refusals (class 57P, 08). */
const UNAVAILABLE_CODES = new Set([
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
  "ECONNREFUSED",
  "ECONNRESET",
  "57P01",
  "57P02",
  "57P03",
  "08000",
  "08003",
  "08006",
]);

function isStoreUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && UNAVAILABLE_CODES.has(code);
}
