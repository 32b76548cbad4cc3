import { openApiDocument } from "../../../../src/server/openapi/openapi-document.ts";

/** GET /api/v1/openapi.json: the OpenAPI 3.1 document, generated from the routes' zod schemas. */
export function GET(): Response {
  return Response.json(openApiDocument());
}
