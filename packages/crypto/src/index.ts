// The protocol entry: browser-safe (no node:* module, no Buffer; checked by
// scripts/check-browser-bundle.mjs). Files and OpenSSL-only helpers are in "./node" (src/node/).
export { fromBase64Url, toBase64Url } from "./base64url.ts";
export { CryptoError, type CryptoErrorCode } from "./crypto-error.ts";
export { domainHash, domainHashBytes } from "./domain-hash.ts";
export { assertDomain, DOMAINS } from "./domains.ts";
export {
  generateKeyPair,
  type KeyPair,
  PUBLIC_KEY_LENGTH,
  publicKeyOf,
  SECRET_KEY_LENGTH,
  SIGNATURE_LENGTH,
} from "./ed25519.ts";
export { ED25519_VERIFY_OPTIONS } from "./ed25519-strict.ts";
export { findPinnedKey, type PinnedKeyLookup, type PinnedKeyRejection } from "./find-pinned-key.ts";
export { fromHex, toHex } from "./hex.ts";
export { KeyError, type KeyErrorCode } from "./key-error.ts";
export { keyIdOf } from "./key-id.ts";
export { parsePinnedKeys } from "./parse-pinned-keys.ts";
export {
  PINNED_KEY_LEVELS,
  PINNED_KEY_ROLES,
  type PinnedKey,
  type PinnedKeyLevel,
  type PinnedKeyRole,
  type PinnedKeySet,
} from "./pinned-key.ts";
export { sha256, sha256Hex } from "./sha256.ts";
export { signingBytes, signObject, signObjectWith, verifyObject } from "./sign-object.ts";
export type { Signer } from "./signer.ts";
