import { ingestResponseSchema, sessionHeadSchema } from "@lodestar/protocol";
import { z } from "zod";

/** The API's named schemas: the OpenAPI document's components.schemas, referenced by id. */
export const apiSchemas = z.registry<{ id: string }>();

// The HTTP API's bodies, defined once: route handlers parse with them and the OpenAPI document is
// generated from them (openapi/openapi-document.ts), so the two cannot drift.

export const ErrorBody = z
  .object({
    code: z.string().describe("Stable error code (e.g. invalid-token, fork, line-too-long)."),
    message: z.string(),
    line: z.number().int().optional().describe("1-based line of the request body that was refused."),
    seq: z.number().int().optional().describe("Seq of the envelope where the chain broke or forked."),
    reason: z.string().optional().describe("The protocol verifier's code for a refused line."),
  })
  .register(apiSchemas, { id: "Error" });

const sessionName = z.string().min(1).max(200);
const hex64 = z.string().regex(/^[0-9a-f]{64}$/);

export const SessionSummary = z
  .object({
    session: sessionName,
    envelopes: z.number().int().nonnegative(),
    headSeq: z.number().int().nonnegative(),
    headHash: hex64,
    verified: z
      .boolean()
      .describe("Chain intact from the genesis; head covered by a registered key's checkpoint."),
    agent: z.string(),
    firstTs: z.iso.datetime(),
    lastTs: z.iso.datetime(),
    shippedAt: z.iso.datetime().describe("When the last batch was stored."),
  })
  .register(apiSchemas, { id: "SessionSummary" });

export const SessionList = z
  .object({ sessions: z.array(SessionSummary) })
  .register(apiSchemas, { id: "SessionList" });

// The two answers `lodestar ship` parses live with the protocol's formats (one definition for
// both sides).
export const SessionHead = sessionHeadSchema.register(apiSchemas, { id: "SessionHead" });

export const IngestResponse = ingestResponseSchema.register(apiSchemas, { id: "IngestResponse" });

export const OperatorKeyInput = z
  .strictObject({
    keyId: z.string().regex(/^ed25519:[0-9a-f]{32}$/),
    publicKey: z
      .string()
      .regex(/^[A-Za-z0-9_-]{43}$/)
      .describe("Ed25519 public key, base64url (32 bytes)."),
    name: z.string().trim().min(1).max(100),
  })
  .register(apiSchemas, { id: "OperatorKeyInput" });

export const OperatorKeyResponse = z
  .object({
    keyId: z.string(),
    name: z.string(),
    created: z.boolean().describe("False when the key was already registered (idempotent)."),
  })
  .register(apiSchemas, { id: "OperatorKeyResponse" });

export const Health = z.object({ status: z.literal("ok") }).register(apiSchemas, { id: "Health" });

export const Readiness = z
  .object({
    status: z.enum(["ready", "not-ready"]),
    checks: z.object({ database: z.enum(["ok", "down"]), queue: z.enum(["ok", "down"]) }),
  })
  .register(apiSchemas, { id: "Readiness" });
