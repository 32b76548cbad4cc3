import type { z } from "zod";
import { ApiError } from "./api-error.ts";

const MAX_JSON_BODY_BYTES = 64 * 1024;

/** A small JSON body parsed with `schema`; the first problem is named by its field. */
export async function parseJsonBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_JSON_BODY_BYTES) {
    throw new ApiError(413, "body-too-large", `the body is over ${MAX_JSON_BODY_BYTES} bytes`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ApiError(400, "invalid-request", "the body is not JSON");
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ApiError(400, "invalid-request", `${issue.path.join(".") || "body"}: ${issue.message}`, {
      field: issue.path.join("."),
    });
  }
  return parsed.data;
}
