import { z } from "zod";
import {
  apiSchemas,
  ErrorBody,
  Health,
  IngestResponse,
  OperatorKeyInput,
  OperatorKeyResponse,
  Readiness,
  SessionHead,
  SessionList,
} from "./api-schemas.ts";

type Method = "get" | "post" | "put";

interface Operation {
  path: string;
  method: Method;
  summary: string;
  /** Token scope required; null: any valid token; undefined: public. */
  scope?: string | null;
  requestBody?: { contentType: string; schema?: z.ZodType; description?: string };
  ok: { status: number; schema: z.ZodType };
  errors: number[];
  pathParams?: string[];
}

/** Every route of the HTTP API. The test in test/openapi.test.ts checks each route file is here. */
export const API_OPERATIONS: readonly Operation[] = [
  {
    path: "/api/v1/sessions",
    method: "get",
    summary: "List the token's project's shipped sessions",
    scope: null,
    ok: { status: 200, schema: SessionList },
    errors: [401, 503],
  },
  {
    path: "/api/v1/sessions/{session}/head",
    method: "get",
    summary: "The stored head of a session: where a shipper resumes",
    scope: null,
    pathParams: ["session"],
    ok: { status: 200, schema: SessionHead },
    errors: [401, 404, 503],
  },
  {
    path: "/api/v1/ingest",
    method: "post",
    summary: "Store NDJSON envelopes of one session, all or nothing (Content-Encoding: gzip accepted)",
    scope: "ingest",
    requestBody: {
      contentType: "application/x-ndjson",
      description: "One canonical v1 envelope per line, contiguous seqs continuing the stored head.",
    },
    ok: { status: 200, schema: IngestResponse },
    errors: [400, 401, 403, 409, 413, 415, 503],
  },
  {
    path: "/api/v1/operator-keys",
    method: "put",
    summary: "Register the project's operator public key (checkpoints signed by it verify sessions)",
    scope: "keys",
    requestBody: { contentType: "application/json", schema: OperatorKeyInput },
    ok: { status: 201, schema: OperatorKeyResponse },
    errors: [400, 401, 403, 409, 503],
  },
  {
    path: "/api/v1/openapi.json",
    method: "get",
    summary: "This document",
    ok: { status: 200, schema: z.object({ openapi: z.string() }).loose() },
    errors: [],
  },
  {
    path: "/api/health",
    method: "get",
    summary: "Liveness",
    ok: { status: 200, schema: Health },
    errors: [],
  },
  {
    path: "/api/ready",
    method: "get",
    summary: "Readiness: the database and the queue answer",
    ok: { status: 200, schema: Readiness },
    errors: [503],
  },
];

const STATUS_TEXT: Record<number, string> = {
  400: "Invalid request or a refused line (code, message, line)",
  401: "invalid-token",
  403: "insufficient-scope",
  404: "not-found (also for other tenants' and projects' resources)",
  409: "fork (ingest) or key-conflict (operator keys)",
  413: "A body, decompressed body or line over its limit",
  415: "Unsupported Content-Encoding",
  503: "Not ready, or the database is unavailable (code unavailable: retry)",
};

/** A named schema by reference; anything else inline. */
function schemaOf(schema: z.ZodType): Record<string, unknown> {
  const id = apiSchemas.get(schema)?.id;
  if (id !== undefined) return { $ref: `#/components/schemas/${id}` };
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    target: "draft-2020-12",
    io: "output",
  }) as Record<string, unknown>;
  return rest;
}

function componentSchemas(): Record<string, unknown> {
  const { schemas } = z.toJSONSchema(apiSchemas, {
    target: "draft-2020-12",
    io: "output",
    uri: (id) => `#/components/schemas/${id}`,
  });
  const out: Record<string, unknown> = {};
  for (const [id, schema] of Object.entries(schemas)) {
    const { $schema: _s, $id: _i, ...rest } = schema as Record<string, unknown>;
    out[id] = rest;
  }
  return out;
}

/** The OpenAPI 3.1 document (JSON Schema 2020-12 dialect, which z.toJSONSchema writes). */
export function openApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of API_OPERATIONS) {
    const responses: Record<string, unknown> = {
      [op.ok.status]: {
        description: "OK",
        content: { "application/json": { schema: schemaOf(op.ok.schema) } },
      },
    };
    for (const status of op.errors) {
      responses[status] = {
        description: STATUS_TEXT[status] ?? "Error",
        content: { "application/json": { schema: schemaOf(ErrorBody) } },
      };
    }
    paths[op.path] ??= {};
    paths[op.path]![op.method] = {
      summary: op.summary,
      ...(op.scope === undefined
        ? { security: [] }
        : { security: [{ apiToken: op.scope === null ? [] : [op.scope] }] }),
      ...(op.pathParams
        ? {
            parameters: op.pathParams.map((name) => ({
              name,
              in: "path",
              required: true,
              schema: { type: "string" },
            })),
          }
        : {}),
      ...(op.requestBody
        ? {
            requestBody: {
              required: true,
              ...(op.requestBody.description ? { description: op.requestBody.description } : {}),
              content: {
                [op.requestBody.contentType]: {
                  schema: op.requestBody.schema ? schemaOf(op.requestBody.schema) : { type: "string" },
                },
              },
            },
          }
        : {}),
      responses,
    };
  }
  return {
    openapi: "3.1.0",
    info: { title: "Machinaut API", version: "1" },
    components: {
      schemas: componentSchemas(),
      securitySchemes: {
        apiToken: {
          type: "http",
          scheme: "bearer",
          description: "A project API token (mn_<tenant>_<secret>); scopes: ingest, guard, keys.",
        },
      },
    },
    paths,
  };
}
