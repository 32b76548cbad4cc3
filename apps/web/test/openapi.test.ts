import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { API_OPERATIONS, openApiDocument } from "../src/server/openapi/openapi-document.ts";
import { ROUTES } from "./support/api-server.ts";

const appDir = fileURLToPath(new URL("../app", import.meta.url));
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** Every route.ts under app/api, as its URL path ([session] → {session}). */
function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(path);
    return entry.name === "route.ts" ? [relative(appDir, path)] : [];
  });
}

function urlPathOf(file: string): string {
  return `/${file.replace(/\/route\.ts$/, "").replace(/\[([^\]]+)\]/g, "{$1}")}`;
}

describe("OpenAPI 3.1 document", () => {
  // next-auth's own endpoints (/api/auth/*) are the sign-in protocol, not this API.
  const files = routeFiles(join(appDir, "api")).filter((f) => !f.startsWith("api/auth/"));

  it("lists every route file and every method it exports", async () => {
    const doc = openApiDocument() as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe("3.1.0");
    expect(files.length).toBeGreaterThanOrEqual(7);
    for (const file of files) {
      const path = urlPathOf(file);
      const module = (await import(join(appDir, file))) as Record<string, unknown>;
      const methods = METHODS.filter((m) => typeof module[m] === "function");
      expect(methods.length, file).toBeGreaterThan(0);
      for (const method of methods) {
        expect(
          doc.paths[path]?.[method.toLowerCase()],
          `${method} ${path} missing from the OpenAPI document`,
        ).toBeDefined();
      }
    }
    expect(API_OPERATIONS.length).toBe(files.length);
  });

  it("the test server mounts every route file", () => {
    expect(ROUTES.map((r) => r.file).sort()).toEqual(files.map((f) => `app/${f}`).sort());
  });

  it("is served at /api/v1/openapi.json with schemas generated from zod", async () => {
    const { GET } = await import("../app/api/v1/openapi.json/route.ts");
    const doc = await GET().json();
    const ref = doc.paths["/api/v1/ingest"].post.responses["200"].content["application/json"].schema.$ref;
    expect(ref).toBe("#/components/schemas/IngestResponse");
    const ok = doc.components.schemas.IngestResponse;
    expect(ok.required).toEqual(
      expect.arrayContaining(["session", "stored", "alreadyStored", "headSeq", "headHash", "verified"]),
    );
    expect(doc.paths["/api/v1/ingest"].post.security).toEqual([{ apiToken: ["ingest"] }]);
    // Every $ref resolves inside the document.
    for (const [, target] of JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)) {
      expect(doc.components.schemas[target!], target).toBeDefined();
    }
  });
});
