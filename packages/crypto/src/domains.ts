import { CryptoError } from "./crypto-error.ts";

/**
 * Domain-separation prefixes. Every hash and signature starts with `<domain>\n`, so bytes
 * committed as one structure can never be replayed as another (e.g. a checkpoint signature
 * presented as an approval). Bump the version when a structure's meaning changes.
 */
export const DOMAINS = {
  envelope: "lodestar.envelope.v1",
  part: "lodestar.part.v1",
  genesis: "lodestar.genesis.v1",
  checkpoint: "lodestar.checkpoint.v1",
  decision: "lodestar.decision.v1",
  action: "lodestar.action.v1",
  policy: "lodestar.policy.v1",
  keyid: "lodestar.keyid.v1",
} as const;

export type Domain = string;

// A domain is plain ASCII with no "\n": the newline terminates the prefix, so a domain containing
// one could be chosen to make `domainA\n` a prefix of `domainB\n || bytes` (cross-domain collision).
const DOMAIN_SHAPE = /^lodestar(?:\.[a-z0-9][a-z0-9-]*)+\.v[0-9]+$/;

/** Throws unless `domain` has the `lodestar.<structure>.v<N>` shape. */
export function assertDomain(domain: string): void {
  if (typeof domain !== "string" || !DOMAIN_SHAPE.test(domain)) {
    throw new CryptoError(
      "invalid-domain",
      `domain must look like lodestar.<structure>.v<N>, got ${JSON.stringify(domain)}`,
    );
  }
}

const prefixCache = new Map<string, Uint8Array>();

/** ASCII bytes of `domain + "\n"`, validated once per domain and cached (it is on the hot path). */
export function domainPrefix(domain: string): Uint8Array {
  let prefix = prefixCache.get(domain);
  if (prefix === undefined) {
    assertDomain(domain);
    prefix = new TextEncoder().encode(`${domain}\n`);
    // Domains come from code, not input, but keep the cache bounded regardless.
    if (prefixCache.size < 256) prefixCache.set(domain, prefix);
  }
  return prefix;
}
