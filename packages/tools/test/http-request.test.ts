import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  checkHttpTarget,
  compileHttpAllowList,
  createTools,
  type HttpAllowRule,
  normalizeHost,
} from "../src/index.ts";
import { expectToolError, tempDir, tool } from "./helpers.ts";

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

async function listen(host: string, handler: Handler): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => handler(req, res, body));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

// Two real servers on the loopback: 127.0.0.1 is allow-listed, 127.0.0.2 ("evil") is not and
// counts every request it receives, so "refused" also means "never reached".
let main: { server: Server; port: number };
let other: { server: Server; port: number };
let evil: { server: Server; port: number };
let evilHits = 0;
let lastAuth: string | undefined;
let base = "";

beforeAll(async () => {
  evil = await listen("127.0.0.2", (_req, res) => {
    evilHits++;
    res.end("stolen");
  });
  other = await listen("127.0.0.1", (req, res) => {
    lastAuth = req.headers.authorization;
    res.end("other");
  });
  const evilBase = `http://127.0.0.2:${evil.port}`;
  main = await listen("127.0.0.1", (req, res, body) => {
    const redirect = (status: number, location: string) => {
      res.writeHead(status, { location });
      res.end();
    };
    switch (req.url) {
      case "/hello":
        res.end("hi");
        return;
      case "/echo":
        res.end(`${req.method} ${body}`);
        return;
      case "/redirect-local":
        return redirect(302, "/hello");
      case "/redirect-evil":
        return redirect(302, `${evilBase}/steal`);
      case "/redirect-evil-alt":
        return redirect(301, `http://0x7f000002:${evil.port}/steal`);
      case "/redirect-loop":
        return redirect(302, "/redirect-loop");
      case "/redirect-userinfo":
        return redirect(302, `http://user:pw@127.0.0.1:${main.port}/hello`);
      case "/redirect-file":
        return redirect(302, "file:///etc/passwd");
      case "/redirect-other-port":
        return redirect(307, `http://127.0.0.1:${other.port}/`);
      case "/post-303":
        return redirect(303, "/echo");
      case "/big":
        res.write("x".repeat(600));
        res.end("y".repeat(600)); // chunked, no content-length: the cap must count bytes
        return;
      case "/slow":
        return; // never answers
      default:
        res.statusCode = 404;
        res.end();
    }
  });
  base = `http://127.0.0.1:${main.port}`;
});

afterAll(async () => {
  for (const s of [main, other, evil]) {
    s.server.closeAllConnections();
    await new Promise((resolve) => s.server.close(resolve));
  }
});

function http(
  options: {
    allow?: HttpAllowRule[];
    maxResponseBytes?: number;
    timeoutMs?: number;
    maxRedirects?: number;
  } = {},
) {
  const tools = createTools({
    workspace: tempDir(),
    env: {},
    http: { allow: [{ host: "127.0.0.1", methods: ["GET", "POST"] }], ...options },
  });
  return tool(tools, "http.request");
}

describe("http.request allow-list", () => {
  it("fetches from an allowed host", async () => {
    await expect(http().run({ url: `${base}/hello` })).resolves.toMatchObject({
      status: 200,
      body: "hi",
      redirects: [],
    });
  });

  it("refuses a host that is not allowed, including other names for the same machine", async () => {
    const req = http();
    await expectToolError(req.run({ url: `http://127.0.0.2:${evil.port}/` }), "host-not-allowed");
    await expectToolError(req.run({ url: `http://localhost:${main.port}/hello` }), "host-not-allowed");
    expect(evilHits).toBe(0);
  });

  it("refuses a method that is not allowed for the host", async () => {
    await expectToolError(http().run({ url: `${base}/echo`, method: "DELETE" }), "method-not-allowed");
  });

  it("respects a port restriction", async () => {
    const req = http({ allow: [{ host: "127.0.0.1", methods: ["GET"], ports: [main.port] }] });
    await expect(req.run({ url: `${base}/hello` })).resolves.toMatchObject({ status: 200 });
    await expectToolError(req.run({ url: `http://127.0.0.1:${other.port}/` }), "host-not-allowed");
  });
});

describe("http.request URL tricks", () => {
  it("refuses userinfo, including the allowed-host-as-username trick", async () => {
    const req = http();
    await expectToolError(
      req.run({ url: `http://user:pw@127.0.0.1:${main.port}/hello` }),
      "userinfo-not-allowed",
    );
    await expectToolError(
      req.run({ url: `http://127.0.0.1:${main.port}@127.0.0.2:${evil.port}/` }),
      "userinfo-not-allowed",
    );
    expect(evilHits).toBe(0);
  });

  it("decides the host with the same parser fetch uses (backslash trick)", async () => {
    await expectToolError(
      http().run({ url: `http://127.0.0.2:${evil.port}\\@127.0.0.1:${main.port}/` }),
      "host-not-allowed",
    );
    expect(evilHits).toBe(0);
  });

  it("normalises alternative IPv4 spellings and full-width digits before checking", async () => {
    const req = http();
    await expect(req.run({ url: `http://2130706433:${main.port}/hello` })).resolves.toMatchObject({
      body: "hi",
    });
    await expect(req.run({ url: `http://１２７.０.０.１:${main.port}/hello` })).resolves.toMatchObject({
      body: "hi",
    });
    await expectToolError(req.run({ url: `http://0x7f000002:${evil.port}/` }), "host-not-allowed");
    expect(evilHits).toBe(0);
  });

  it("normalises IDN hosts to punycode on both sides, so homographs do not match", () => {
    expect(normalizeHost("BÜcher.Example.")).toBe("xn--bcher-kva.example");
    const rules = compileHttpAllowList([
      { host: "bücher.example", methods: ["GET"] },
      { host: "apple.com", methods: ["GET"] },
    ]);
    expect(checkHttpTarget("https://xn--bcher-kva.example/x", "GET", rules).hostname).toBe(
      "xn--bcher-kva.example",
    );
    expect(checkHttpTarget("https://BÜCHER.example/x", "GET", rules).hostname).toBe("xn--bcher-kva.example");
    // Cyrillic "а" (U+0430) in place of Latin "a": a different host.
    expect(() => checkHttpTarget("https://\u0430pple.com/", "GET", rules)).toThrowError(
      expect.objectContaining({ code: "host-not-allowed" }),
    );
  });

  it("refuses an IDN homograph through the tool", async () => {
    const req = http({ allow: [{ host: "apple.com", methods: ["GET"] }] });
    const error = await expectToolError(req.run({ url: "https://\u0430pple.com/" }), "host-not-allowed");
    expect(error.details).toMatchObject({ host: "xn--pple-43d.com" });
  });

  it("refuses non-http schemes", async () => {
    const req = http();
    for (const url of [
      "file:///etc/passwd",
      "data:text/plain,hi",
      "ftp://127.0.0.1/",
      "javascript:alert(1)",
      "ws://127.0.0.1/",
    ]) {
      await expectToolError(req.run({ url }), "scheme-not-allowed");
    }
  });

  it("refuses a Host header override and header injection", async () => {
    const req = http();
    await expectToolError(
      req.run({ url: `${base}/hello`, headers: { Host: "evil.example" } }),
      "header-not-allowed",
    );
    await expectToolError(
      req.run({ url: `${base}/hello`, headers: { "x-a": "1\r\nHost: evil" } }),
      "header-not-allowed",
    );
  });
});

describe("http.request redirects", () => {
  it("follows a redirect to an allowed URL", async () => {
    await expect(http().run({ url: `${base}/redirect-local` })).resolves.toMatchObject({
      status: 200,
      body: "hi",
      url: `${base}/hello`,
      redirects: [`${base}/hello`],
    });
  });

  it("refuses a redirect to a host that is not allowed, without contacting it", async () => {
    const req = http();
    const error = await expectToolError(req.run({ url: `${base}/redirect-evil` }), "host-not-allowed");
    expect(error.details).toMatchObject({ hop: 1, host: "127.0.0.2" });
    await expectToolError(req.run({ url: `${base}/redirect-evil-alt` }), "host-not-allowed");
    expect(evilHits).toBe(0);
  });

  it("refuses redirects to userinfo URLs and to other schemes", async () => {
    const req = http();
    await expectToolError(req.run({ url: `${base}/redirect-userinfo` }), "userinfo-not-allowed");
    await expectToolError(req.run({ url: `${base}/redirect-file` }), "scheme-not-allowed");
  });

  it("stops redirect loops", async () => {
    await expectToolError(
      http({ maxRedirects: 3 }).run({ url: `${base}/redirect-loop` }),
      "too-many-redirects",
    );
  });

  it("drops credentials when a redirect changes origin", async () => {
    lastAuth = "unset";
    const result = await http().run({
      url: `${base}/redirect-other-port`,
      headers: { Authorization: "Bearer secret" },
    });
    expect(result.body).toBe("other");
    expect(lastAuth).toBeUndefined();
  });

  it("turns a POST into a GET on 303", async () => {
    const result = await http().run({ url: `${base}/post-303`, method: "POST", body: "payload" });
    expect(result.body).toBe("GET ");
  });
});

describe("http.request caps", () => {
  it("refuses a response body over the size cap", async () => {
    await expectToolError(http({ maxResponseBytes: 1000 }).run({ url: `${base}/big` }), "too-large");
    await expect(http({ maxResponseBytes: 1200 }).run({ url: `${base}/big` })).resolves.toMatchObject({
      status: 200,
    });
  });

  it("times out", async () => {
    const started = Date.now();
    await expectToolError(http({ timeoutMs: 300 }).run({ url: `${base}/slow` }), "timeout");
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it("sends a body with POST", async () => {
    await expect(http().run({ url: `${base}/echo`, method: "POST", body: "data" })).resolves.toMatchObject({
      body: "POST data",
    });
  });
});

describe("control", () => {
  // Runs last: proves the 127.0.0.2 server is reachable, so `evilHits === 0` above means refused.
  it("the not-allowed server answers once it is allowed", async () => {
    expect(evilHits).toBe(0);
    const req = http({ allow: [{ host: "127.0.0.2", methods: ["GET"] }] });
    await expect(req.run({ url: `http://127.0.0.2:${evil.port}/` })).resolves.toMatchObject({
      body: "stolen",
    });
    expect(evilHits).toBe(1);
  });
});
