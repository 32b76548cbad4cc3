import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import * as health from "../../app/api/health/route.ts";
import * as ready from "../../app/api/ready/route.ts";
import * as ingest from "../../app/api/v1/ingest/route.ts";
import * as openapi from "../../app/api/v1/openapi.json/route.ts";
import * as operatorKeys from "../../app/api/v1/operator-keys/route.ts";
import * as sessionHead from "../../app/api/v1/sessions/[session]/head/route.ts";
import * as sessions from "../../app/api/v1/sessions/route.ts";

type Handler = (
  request: Request,
  route: { params: Promise<Record<string, string>> },
) => Promise<Response> | Response;

/**
 * The exported route handlers of app/api, mounted on a real node:http server: real sockets, real
 * Request/Response objects, real streaming bodies — the same functions Next.js calls, without a
 * `next build` (minutes on 2 cores) per test run. What this skips is Next's own router, which
 * matches the same paths from the same folder names (ROUTES mirrors them; test/openapi.test.ts
 * checks every route file is listed here and in the OpenAPI document).
 */
export const ROUTES: { pattern: RegExp; file: string; module: Record<string, unknown> }[] = [
  { pattern: /^\/api\/health$/, file: "app/api/health/route.ts", module: health },
  { pattern: /^\/api\/ready$/, file: "app/api/ready/route.ts", module: ready },
  { pattern: /^\/api\/v1\/openapi\.json$/, file: "app/api/v1/openapi.json/route.ts", module: openapi },
  { pattern: /^\/api\/v1\/sessions$/, file: "app/api/v1/sessions/route.ts", module: sessions },
  {
    pattern: /^\/api\/v1\/sessions\/(?<session>[^/]+)\/head$/,
    file: "app/api/v1/sessions/[session]/head/route.ts",
    module: sessionHead,
  },
  { pattern: /^\/api\/v1\/ingest$/, file: "app/api/v1/ingest/route.ts", module: ingest },
  { pattern: /^\/api\/v1\/operator-keys$/, file: "app/api/v1/operator-keys/route.ts", module: operatorKeys },
];

export interface ApiServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

export async function startApiServer(port = 0): Promise<ApiServer> {
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.statusCode = 500;
      res.end(String(error));
    });
  });
  server.listen(port, "127.0.0.1");
  await once(server, "listening");
  const { port: actual } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${actual}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  const method = req.method ?? "GET";
  let response: Response;
  const route = ROUTES.map((r) => ({ r, match: r.pattern.exec(url.pathname) })).find((x) => x.match !== null);
  if (route === undefined) {
    response = Response.json({ code: "not-found", message: "no such route" }, { status: 404 });
  } else {
    const handler = route.r.module[method] as Handler | undefined;
    if (handler === undefined) {
      response = Response.json(
        { code: "method-not-allowed", message: `${method} not allowed` },
        { status: 405 },
      );
    } else {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (typeof value === "string") headers.set(name, value);
        else if (Array.isArray(value)) for (const v of value) headers.append(name, v);
      }
      const hasBody = method !== "GET" && method !== "HEAD";
      const request = new Request(url, {
        method,
        headers,
        ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream, duplex: "half" } : {}),
      } as RequestInit);
      const params: Record<string, string> = {};
      for (const [k, v] of Object.entries(route.match!.groups ?? {})) params[k] = decodeURIComponent(v);
      response = await handler(request, { params: Promise.resolve(params) });
    }
  }
  res.statusCode = response.status;
  // A refusal sent before the body was read (a body over its limit): close the connection rather
  // than leave unread bytes on a socket the client would reuse (Node's own servers do the same).
  if (!req.complete) res.setHeader("connection", "close");
  response.headers.forEach((value, name) => {
    res.setHeader(name, value);
  });
  if (response.body === null) {
    res.end();
    return;
  }
  const body = Buffer.from(await response.arrayBuffer());
  res.end(body);
}
