import { DOMAINS, domainHash } from "@lodestar/crypto";
import type { PolicySource } from "./policy-source.ts";

/** Digest of the normalised policy: comments, layout and shorthand do not change it. */
export function policyDigest(policy: { readonly source: PolicySource } | PolicySource): string {
  const source = "source" in policy ? policy.source : policy;
  return domainHash(DOMAINS.policy, source);
}
