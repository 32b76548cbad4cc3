/**
 * A key that signs many messages over a long life — a log writer's operator key, which signs a
 * checkpoint every thousand envelopes. Made by createSigner ("@lodestar/crypto/node"). The seed is imported into OpenSSL once (~0.4 ms), after
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
