// Node-only helpers (files, OpenSSL signing): "@lodestar/crypto/node". Importing the protocol
// entry ("@lodestar/crypto") in a browser never pulls these in (ADR 0021).
export { createSigner } from "./create-signer.ts";
export { type PinKeyInput, pinKey, revokeKey } from "./pinned-keys-edit.ts";
export { loadPinnedKeys } from "./pinned-keys-file.ts";
export { readSecretKeyFile, type SecretKeyFile, writeSecretKeyFile } from "./secret-key-file.ts";
