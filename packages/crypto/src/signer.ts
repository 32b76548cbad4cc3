import { createPrivateKey, sign } from "node:crypto";
import { publicKeyOf } from "./ed25519.ts";
import { keyIdOf } from "./key-id.ts";

// PKCS#8 DER of an Ed25519 private key (RFC 8410 §7) is this fixed header followed by the seed.
const PKCS8_ED25519_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");

/**
 * A key that signs many messages over a long life — a log writer's operator key, which signs a
 * checkpoint every thousand envelopes. The seed is imported into OpenSSL once (~0.4 ms), after
 * which a signature costs ~35 µs instead of noble's ~260 µs. Signatures are RFC 8032
 * deterministic, so they are byte for byte those of signMessage (tested on the RFC's vectors and
 * random keys). The holder already keeps the seed for as long as it keeps the signer.
 */
export interface Signer {
  readonly publicKey: Uint8Array;
  /** keyIdOf(publicKey), derived once. */
  readonly keyId: string;
  /** Raw 64-byte Ed25519 signature of `message`. */
  sign(message: Uint8Array): Uint8Array;
}

/** A Signer for a 32-byte seed; throws a CryptoError for a seed of the wrong length. */
export function createSigner(secretKey: Uint8Array): Signer {
  const publicKey = publicKeyOf(secretKey); // checks the length
  const key = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, secretKey]),
    format: "der",
    type: "pkcs8",
  });
  return {
    publicKey,
    keyId: keyIdOf(publicKey),
    sign: (message) => new Uint8Array(sign(null, message, key)),
  };
}
