import { z } from "zod";
import { defineTool } from "../define-tool.ts";
import { ToolError } from "../errors.ts";
import type { ToolsOptions } from "../options.ts";
import type { ToolDefinition } from "../types.ts";
import { readBodyCapped } from "./read-body.ts";
import { type CompiledHttpRule, checkHttpTarget, compileHttpAllowList } from "./url-policy.ts";

export const httpRequestArgs = z.strictObject({
  url: z.string().min(1).max(8192),
  method: z.enum(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]).default("GET"),
  headers: z.record(z.string(), z.string()).default({}),
  body: z.string().optional(),
  bodyEncoding: z.enum(["utf8", "base64"]).default("utf8"),
  responseEncoding: z.enum(["utf8", "base64"]).default("utf8"),
});
export type HttpRequestArgs = z.output<typeof httpRequestArgs>;

export interface HttpRequestResult extends Record<string, unknown> {
  status: number;
  statusText: string;
  /** The URL that answered, after redirects. */
  url: string;
  /** Every redirect hop followed, in order (each one checked against the allow-list). */
  redirects: string[];
  headers: Record<string, string>;
  encoding: "utf8" | "base64";
  body: string;
}

// Threat: `Host` routes to an unlisted virtual host on an allowed IP; framing headers smuggle requests.
const FORBIDDEN_HEADERS = new Set([
  "host",
  "content-length",
  "transfer-encoding",
  "connection",
  "keep-alive",
  "upgrade",
  "te",
  "trailer",
]);
// Dropped when a redirect changes origin, so credentials never follow the request elsewhere.
const CREDENTIAL_HEADERS = ["authorization", "cookie", "proxy-authorization"];
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export function createHttpRequest(
  config: ToolsOptions["http"],
): ToolDefinition<HttpRequestArgs, HttpRequestResult> {
  const rules = compileHttpAllowList(config.allow);
  return defineTool({
    name: "http.request",
    description:
      "HTTP(S) request to an allow-listed host; every redirect hop is re-checked against the allow-list.",
    risk: "MEDIUM",
    inputSchema: httpRequestArgs,
    hints: { readOnly: false, destructive: false, openWorld: true },
    async handler(args, context) {
      let url = checkHttpTarget(args.url, args.method, rules);
      const headers = buildHeaders(args.headers);
      let method: string = args.method;
      let body: Buffer | undefined =
        args.body === undefined ? undefined : Buffer.from(args.body, args.bodyEncoding);
      if (body !== undefined && (method === "GET" || method === "HEAD")) {
        throw new ToolError("invalid-argument", `${method} requests cannot carry a body`);
      }
      if (body !== undefined && body.length > config.maxRequestBytes) {
        throw new ToolError(
          "too-large",
          `request body is larger than the limit of ${config.maxRequestBytes} bytes`,
        );
      }
      const deadline = AbortSignal.timeout(config.timeoutMs);
      const signal = context.signal === undefined ? deadline : AbortSignal.any([deadline, context.signal]);
      const redirects: string[] = [];
      try {
        for (;;) {
          const response = await fetch(url.href, {
            method,
            headers,
            ...(body === undefined ? {} : { body }),
            // Never let fetch follow redirects itself: it would not consult the allow-list.
            redirect: "manual",
            signal,
          });
          const location = response.headers.get("location");
          if (!REDIRECTS.has(response.status) || location === null) {
            const data = await readBodyCapped(response, config.maxResponseBytes);
            return {
              status: response.status,
              statusText: response.statusText,
              url: url.href,
              redirects,
              headers: Object.fromEntries(response.headers),
              encoding: args.responseEncoding,
              body: data.toString(args.responseEncoding),
            };
          }
          await response.body?.cancel().catch(() => undefined);
          if (redirects.length >= config.maxRedirects) {
            throw new ToolError("too-many-redirects", `more than ${config.maxRedirects} redirects`, {
              details: { redirects },
            });
          }
          if (
            response.status === 303 ||
            ((response.status === 301 || response.status === 302) && method === "POST")
          ) {
            method = "GET";
            body = undefined;
            headers.delete("content-type");
          }
          const next = nextHop(location, url, method, rules, redirects.length + 1);
          if (next.origin !== url.origin) for (const name of CREDENTIAL_HEADERS) headers.delete(name);
          redirects.push(next.href);
          url = next;
        }
      } catch (error) {
        throw classifyFetchError(error, deadline, context.signal, config.timeoutMs);
      }
    },
  });
}

function nextHop(
  location: string,
  current: URL,
  method: string,
  rules: CompiledHttpRule[],
  hop: number,
): URL {
  let resolved: string;
  try {
    resolved = new URL(location, current).href;
  } catch (cause) {
    throw new ToolError("network-error", `redirect ${hop} has an invalid Location`, { cause });
  }
  try {
    // Threat: an allowed host redirecting to one that is not (open redirect, SSRF via 30x).
    return checkHttpTarget(resolved, method, rules);
  } catch (error) {
    if (error instanceof ToolError) {
      throw new ToolError(error.code, `redirect ${hop} refused: ${error.message}`, {
        cause: error,
        details: { ...error.details, hop },
      });
    }
    throw error;
  }
}

function buildHeaders(input: Record<string, string>): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(input)) {
    if (FORBIDDEN_HEADERS.has(name.toLowerCase()) || name.toLowerCase().startsWith("proxy-")) {
      throw new ToolError("header-not-allowed", `header ${name} may not be set`, {
        details: { header: name },
      });
    }
    try {
      headers.append(name, value);
    } catch (cause) {
      // Threat: CR/LF in a header value (response splitting / header injection).
      throw new ToolError("header-not-allowed", `invalid header ${name}`, {
        cause,
        details: { header: name },
      });
    }
  }
  return headers;
}

function classifyFetchError(
  error: unknown,
  deadline: AbortSignal,
  callerSignal: AbortSignal | undefined,
  timeoutMs: number,
): ToolError {
  if (error instanceof ToolError && error.code !== "internal") return error;
  if (deadline.aborted)
    return new ToolError("timeout", `request did not complete within ${timeoutMs} ms`, { cause: error });
  if (callerSignal?.aborted) return new ToolError("aborted", "request was aborted", { cause: error });
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const detail = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return new ToolError("network-error", `request failed: ${detail}`, { cause: error });
}
