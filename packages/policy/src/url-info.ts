/**
 * A URL as the WHATWG parser (the one `fetch` uses) understands it. Threat: the agent writes a URL
 * whose apparent host is not its real host: userinfo (`https://good.com@evil.com`), IDN homographs
 * (`gіthub.com` with a Cyrillic і → `xn--…`), upper case, a trailing dot, a non-default port, or an
 * IPv4 address in decimal/hex/octal (`http://2130706433/`, `http://0x7f.1/`). All of these are
 * normalised here, once, and rules only ever see the normalised host.
 */
export interface UrlInfo {
  /** The normalised URL (what the tool should request). */
  readonly href: string;
  /** Lower case, without the colon: `https`. */
  readonly scheme: string;
  /** ASCII (punycode), lower case, no trailing dot; IPv4 dotted-quad; IPv6 without brackets. */
  readonly host: string;
  readonly hostKind: "domain" | "ipv4" | "ipv6" | "none";
  /** Explicit port, or the scheme's default (0 when the scheme has none). */
  readonly port: number;
  /** The port is the scheme's default (`https://host:443/` included). */
  readonly defaultPort: boolean;
  readonly userinfo: boolean;
  /** Some label is punycode (`xn--`): the host was written with non-ASCII characters. */
  readonly idn: boolean;
  /** HTTP method, upper case, when the tool declares one. */
  readonly method: string | null;
}

const DEFAULT_PORTS: Record<string, number> = { http: 80, https: 443, ws: 80, wss: 443, ftp: 21 };
const MAX_URL_LENGTH = 8192;
const METHOD = /^[A-Za-z]{1,16}$/;

/** Parses `raw` or returns a reason it cannot be classified (which the gate turns into a deny). */
export function classifyUrl(raw: string, method: string | null): UrlInfo | { error: string } {
  if (raw.length > MAX_URL_LENGTH) return { error: "URL is longer than 8192 characters" };
  if (method !== null && !METHOD.test(method))
    return { error: `invalid HTTP method ${JSON.stringify(method)}` };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { error: `not an absolute URL: ${JSON.stringify(raw.slice(0, 200))}` };
  }
  const scheme = url.protocol.slice(0, -1);
  const { host, hostKind } = normaliseHost(url.hostname);
  const port = url.port === "" ? (DEFAULT_PORTS[scheme] ?? 0) : Number(url.port);
  return {
    href: url.href,
    scheme,
    host,
    hostKind,
    port,
    defaultPort: port === (DEFAULT_PORTS[scheme] ?? 0),
    userinfo: url.username !== "" || url.password !== "",
    idn: host.split(".").some((label) => label.startsWith("xn--")),
    method: method === null ? null : method.toUpperCase(),
  };
}

/** Host as rules compare it: `Example.COM.` → `example.com`, `[::1]` → `::1`. */
export function normaliseHost(hostname: string): { host: string; hostKind: UrlInfo["hostKind"] } {
  if (hostname === "") return { host: "", hostKind: "none" };
  if (hostname.startsWith("[")) return { host: hostname.slice(1, -1), hostKind: "ipv6" };
  // A trailing dot names the same DNS host; strip it so `github.com.` cannot dodge `github.com`.
  const host = hostname.replace(/\.+$/, "");
  // WHATWG has already turned every IPv4 spelling (decimal, hex, octal, short) into dotted-quad.
  const hostKind = /^\d{1,3}(\.\d{1,3}){3}$/.test(host) ? "ipv4" : "domain";
  return { host, hostKind };
}

/**
 * Normalises a host pattern from the policy file the same way (so authors may write IDN or upper
 * case); `*.example.com` keeps its wildcard label. Returns null for something that is not a host.
 */
export function normaliseHostPattern(pattern: string): string | null {
  const wildcard = pattern.startsWith("*.");
  const body = wildcard ? pattern.slice(2) : pattern;
  if (body === "" || /[*/@?#\s]/.test(body)) return null;
  let hostname: string;
  try {
    hostname = new URL(`http://${body}/`).hostname;
  } catch {
    return null;
  }
  const { host } = normaliseHost(hostname);
  if (host === "") return null;
  return wildcard ? `*.${host}` : host;
}

/** Exact host, or any subdomain (at least one label) for `*.example.com`; never the apex. */
export function hostMatches(pattern: string, host: string): boolean {
  if (pattern.startsWith("*.")) return host.length > pattern.length - 1 && host.endsWith(pattern.slice(1));
  return pattern === host;
}
