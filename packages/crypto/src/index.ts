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
export { fromHex, toHex } from "./hex.ts";
export { keyIdOf } from "./key-id.ts";
export { sha256, sha256Hex } from "./sha256.ts";
export { signingBytes, signObject, verifyObject } from "./sign-object.ts";
