// SHA-256 resolves per platform through package.json "imports" (ADR 0021): OpenSSL under the
// `node` condition, @noble/hashes everywhere else. Same bytes either way.
export { sha256, sha256Hex } from "#sha256";
