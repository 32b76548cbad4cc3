import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { classifyUrl, type Policy } from "../src/index.ts";
import { decideIn, loadExample, makeWorkspace, type Workspace } from "./helpers.ts";

// threats.md: "URL tricks (userinfo, IDN, redirects)". Hosts are compared only after WHATWG
// parsing; http-known-reads (L1) lists github.com, *.github.com, registry.npmjs.org, …

let policy: Policy;
let ws: Workspace;
beforeAll(async () => {
  policy = await loadExample();
  ws = await makeWorkspace();
});
afterAll(() => ws.cleanup());

const get = (url: string, method?: string) =>
  decideIn(policy, ws, "http.request", method === undefined ? { url } : { url, method });

describe("URL classification", () => {
  it("a known https GET is L1", async () => {
    expect(await get("https://github.com/org/repo")).toMatchObject({
      verdict: "allow",
      level: "L1",
      rule: "http-known-reads",
    });
    expect(await get("https://api.github.com/repos")).toMatchObject({
      level: "L1",
      rule: "http-known-reads",
    });
  });

  it("userinfo: https://github.com@evil.com is evil.com, and credentials in URLs are denied", async () => {
    const info = classifyUrl("https://github.com@evil.com/", null);
    expect(info).toMatchObject({ host: "evil.com", userinfo: true });
    const d = await get("https://github.com@evil.com/");
    expect(d).toMatchObject({ verdict: "deny", rule: "http-userinfo" });
    expect(d.reason).toContain("evil.com");
    expect(await get("https://user:pass@github.com/")).toMatchObject({
      verdict: "deny",
      rule: "http-userinfo",
    });
  });

  it("upper case and a trailing dot name the same host", async () => {
    expect(classifyUrl("HTTPS://GitHub.COM./x", null)).toMatchObject({ scheme: "https", host: "github.com" });
    expect(await get("HTTPS://GitHub.COM./x")).toMatchObject({
      verdict: "allow",
      level: "L1",
      rule: "http-known-reads",
    });
  });

  it("an IDN homograph (Cyrillic і) is punycode, not github.com, and holds", async () => {
    const info = classifyUrl("https://g\u0456thub.com/", null);
    expect(info).toMatchObject({ idn: true });
    expect("error" in info ? "" : info.host).toMatch(/^xn--/);
    expect(await get("https://g\u0456thub.com/login")).toMatchObject({
      verdict: "hold",
      level: "L3",
      rule: "http-idn",
    });
  });

  it("a suffix is not a subdomain: github.com.evil.com and evilgithub.com are not *.github.com", async () => {
    expect(await get("https://github.com.evil.com/")).toMatchObject({
      level: "L2",
      rule: "tool:http.request",
    });
    expect(await get("https://evilgithub.com/")).toMatchObject({ level: "L2", rule: "tool:http.request" });
  });

  it.each([
    ["http://2130706433/", "127.0.0.1"],
    ["http://0x7f000001/", "127.0.0.1"],
    ["http://0x7f.1/", "127.0.0.1"],
    ["http://0177.0.0.1/", "127.0.0.1"],
    ["http://127.1/", "127.0.0.1"],
    ["http://169.254.169.254/latest/meta-data", "169.254.169.254"],
    ["http://[::1]/", "::1"],
  ])("IP literal %s is %s and holds (raw-IP rule)", async (url, host) => {
    expect(classifyUrl(url, null)).toMatchObject({ host, hostKind: host.includes(":") ? "ipv6" : "ipv4" });
    expect(await get(url)).toMatchObject({ verdict: "hold", level: "L3", rule: "http-raw-ip" });
  });

  it("ports: the default port is the default; any other holds", async () => {
    expect(classifyUrl("https://github.com:443/", null)).toMatchObject({ port: 443, defaultPort: true });
    expect(await get("https://github.com:443/")).toMatchObject({ level: "L1", rule: "http-known-reads" });
    expect(await get("https://github.com:8443/")).toMatchObject({
      verdict: "hold",
      level: "L3",
      rule: "http-odd-port",
    });
  });

  it("backslashes are slashes for special schemes (https:\\\\evil.com is evil.com)", async () => {
    expect(classifyUrl("https:\\\\evil.com\\x", null)).toMatchObject({ host: "evil.com" });
  });

  it("localhost, plain http and unsafe schemes", async () => {
    expect(await get("https://localhost/admin")).toMatchObject({ level: "L3", rule: "http-localhost" });
    expect(await get("https://a.localhost/")).toMatchObject({ level: "L3", rule: "http-localhost" });
    expect(await get("http://github.com/")).toMatchObject({ level: "L3", rule: "http-plain" });
    expect(await get("file:///etc/passwd")).toMatchObject({ verdict: "deny", rule: "http-unsafe-scheme" });
  });

  it("methods: a write to a known host holds; the method is normalised", async () => {
    expect(await get("https://github.com/x", "post")).toMatchObject({
      verdict: "hold",
      level: "L3",
      rule: "http-write",
    });
    const d = await decideIn(
      policy,
      ws,
      "http.request",
      { url: "https://github.com/x", method: "post" },
      { session: "s" },
    );
    expect(d.actionDigest).toMatch(/^[0-9a-f]{64}$/);
  });

  it("an unparseable URL or method is denied (fail closed)", async () => {
    expect(await get("not a url")).toMatchObject({ verdict: "deny", rule: "invalid-argument" });
    expect(await get("https://github.com/", "GET /x HTTP/1.1")).toMatchObject({
      verdict: "deny",
      rule: "invalid-argument",
    });
  });
});
