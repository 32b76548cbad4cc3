import { createPrivateKey, sign } from "node:crypto";
import { publicKeyOf } from "../ed25519.ts";
import { keyIdOf } from "../key-id.ts";
import type { Signer } from "../signer.ts";

// Node only (OpenSSL): exported from "@lodestar/crypto/node". A browser signs with signObject.

// PKCS#8 DER of an Ed25519 private key (RFC 8410 §7) is this fixed header followed by the seed.
const PKCS8_ED25519_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");

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
