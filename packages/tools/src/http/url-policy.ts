import { ToolError } from "../errors.ts";
import type { HttpAllowRule } from "../options.ts";

export interface CompiledHttpRule {
  /** Normalised (lowercase, punycode, no trailing dot) hostname or wildcard suffix. */
  host: string;
  /** `*.example.com`: any subdomain of example.com, not example.com itself. */
  wildcard: boolean;
  methods: ReadonlySet<string>;
  ports: ReadonlySet<number> | null;
}

/**
 * Normalises a hostname exactly as WHATWG URL (and therefore fetch) will: lowercase, IDNA/punycode
 * (`bücher.example` → `xn--bcher-kva.example`), IPv4 in any notation (`0x7f.1`) → dotted quad.
 * Threat: IDN homographs and alternative spellings of a host slipping past a string comparison.
 */
export function normalizeHost(host: string): string {
  let parsed: URL;
  try {
    parsed = new URL(`http://${host}/`);
  } catch (cause) {
    throw new ToolError("invalid-argument", `not a valid host: ${host}`, { cause });
  }
  if (parsed.host !== parsed.hostname || parsed.username !== "" || parsed.pathname !== "/") {
    throw new ToolError("invalid-argument", `not a bare host name: ${host}`);
  }
  return stripTrailingDot(parsed.hostname);
}

export function compileHttpAllowList(rules: readonly HttpAllowRule[]): CompiledHttpRule[] {
  return rules.map((rule) => {
    const wildcard = rule.host.startsWith("*.");
    return {
      host: normalizeHost(wildcard ? rule.host.slice(2) : rule.host),
      wildcard,
      methods: new Set(rule.methods.map((m) => m.toUpperCase())),
      ports: rule.ports === undefined ? null : new Set(rule.ports),
    };
  });
}

/**
 * Checks one request target (the first URL or any redirect hop) and returns the parsed URL, whose
 * `href` is what must be fetched: the same parser decides the host for the check and the request,
 * so there is no parser differential (`http://evil\@allowed/`, tabs, backslashes).
 */
export function checkHttpTarget(raw: string, method: string, rules: readonly CompiledHttpRule[]): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch (cause) {
    throw new ToolError("invalid-argument", `not a valid URL: ${raw}`, { cause, details: { url: raw } });
  }
  // Threat: file:, data:, ftp:, javascript: and friends reach things that are not HTTP services.
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ToolError("scheme-not-allowed", `scheme ${url.protocol} is not allowed (http and https only)`, {
      details: { url: url.href },
    });
  }
  // Threat: `https://allowed.com@evil.com/` reads as allowed.com to a human; also leaks credentials.
  if (url.username !== "" || url.password !== "") {
    throw new ToolError("userinfo-not-allowed", "URLs with userinfo (user:password@) are not allowed", {
      details: { host: url.hostname },
    });
  }
  const host = stripTrailingDot(url.hostname);
  const port = url.port === "" ? (url.protocol === "https:" ? 443 : 80) : Number(url.port);
  const hostRules = rules.filter((rule) =>
    rule.wildcard ? host.endsWith(`.${rule.host}`) : host === rule.host,
  );
  const matching = hostRules.filter((rule) => rule.ports === null || rule.ports.has(port));
  if (matching.length === 0) {
    throw new ToolError("host-not-allowed", `host ${url.host} is not in the HTTP allow-list`, {
      details: { host, port, url: url.href },
    });
  }
  const upper = method.toUpperCase();
  if (!matching.some((rule) => rule.methods.has(upper) || rule.methods.has("*"))) {
    throw new ToolError("method-not-allowed", `${upper} is not allowed for host ${host}`, {
      details: { host, method: upper },
    });
  }
  return url;
}

function stripTrailingDot(host: string): string {
  return host.endsWith(".") ? host.slice(0, -1) : host;
}
