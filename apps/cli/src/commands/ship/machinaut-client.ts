import { gzipSync } from "node:zlib";
import {
  type IngestResponse,
  ingestResponseSchema,
  type SessionHead,
  sessionHeadSchema,
} from "@lodestar/protocol";
import type { z } from "zod";
import { authError, networkError, refusedError } from "./ship-exit.ts";

export type RemoteHead = Pick<SessionHead, "headSeq" | "headHash">;
export type IngestAnswer = IngestResponse;

/**
 * The three calls `lodestar ship` makes. The token goes only into the Authorization header of
 * requests to the configured endpoint: never printed, never logged, never written to a session.
 */
export class MachinautClient {
  private readonly loopback: boolean;

  constructor(
    private readonly url: string,
    private readonly token: string,
  ) {
    this.loopback = ["127.0.0.1", "localhost", "[::1]"].includes(new URL(url).hostname);
  }

  /** The server's head for a session, or undefined when it has none. */
  async head(session: string): Promise<RemoteHead | undefined> {
    const response = await this.call(`/api/v1/sessions/${encodeURIComponent(session)}/head`, {
      method: "GET",
    });
    if (response.status === 404) {
      const body = await readJson(response);
      if (body?.code === "not-found") return undefined;
    }
    const { headSeq, headHash } = parseAnswer(sessionHeadSchema, await this.expectOk(response), "head");
    return { headSeq, headHash };
  }

  /** Sends lines of one session (gzip-compressed); the server stores them all or none. */
  async ingest(lines: readonly string[]): Promise<IngestAnswer> {
    const text = `${lines.join("\n")}\n`;
    // Compressed for a real network (level 1: the shipper's CPU, not the wire, is the bottleneck
    // on a fast link); not to a server on this machine, where it would only cost both sides CPU.
    const headers: Record<string, string> = { "content-type": "application/x-ndjson" };
    let body: string | Buffer = text;
    if (!this.loopback) {
      body = gzipSync(text, { level: 1 });
      headers["content-encoding"] = "gzip";
    }
    const response = await this.call("/api/v1/ingest", { method: "POST", headers, body });
    return parseAnswer(ingestResponseSchema, await this.expectOk(response), "ingest");
  }

  /**
   * Registers the operator's public key. Returns false when the token lacks the `keys` scope (the
   * key may have been registered another way; ingest will say if a checkpoint key is unknown).
   */
  async registerOperatorKey(key: { keyId: string; publicKey: string; name: string }): Promise<boolean> {
    const response = await this.call("/api/v1/operator-keys", {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(key),
    });
    if (response.status === 403) {
      const body = await readJson(response);
      if (body?.code === "insufficient-scope") return false;
      throw authError(`the server refused the token (403 ${String(body?.code)})`);
    }
    await this.expectOk(response);
    return true;
  }

  private async call(path: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(`${this.url}${path}`, {
        ...init,
        headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${this.token}` },
        redirect: "error",
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      throw networkError(`cannot reach ${this.url}${cause ? ` (${cause})` : ""}`, error);
    }
  }

  private async expectOk(response: Response): Promise<Record<string, unknown>> {
    const body = await readJson(response);
    if (response.ok && body !== undefined) return body;
    const code = typeof body?.code === "string" ? body.code : `http-${response.status}`;
    const message = typeof body?.message === "string" ? body.message : response.statusText;
    if (response.status === 401 || response.status === 403) {
      throw authError(`the server refused the token: ${message} [${code}]`);
    }
    if (response.status >= 500 || body === undefined) {
      throw networkError(
        `the server failed (${response.status} ${code}); shipping resumes from its head next time`,
      );
    }
    throw refusedError(`the server refused the batch: ${message} [${code}]`);
  }
}

/** An answer that does not parse is a server failure (exit 3): nothing in it is believed. */
function parseAnswer<T>(schema: z.ZodType<T>, body: unknown, call: string): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw networkError(
      `the server's ${call} answer is malformed (${issue?.path.join(".") || "body"}: ${issue?.message}); nothing was assumed from it`,
    );
  }
  return parsed.data;
}

async function readJson(response: Response): Promise<Record<string, unknown> | undefined> {
  try {
    const value = (await response.json()) as unknown;
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
