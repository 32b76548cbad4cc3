import {
  createHash,
  createPrivateKey,
  createPublicKey,
  sign as opensslSign,
  verify as opensslVerify,
} from "node:crypto";
import { envelopeLikeObjects, formatRate, opsPerSecond } from "@lodestar/bench-kit";
import { canonicalize } from "@lodestar/jcs";
import * as ed from "@noble/ed25519";
import { sha256 as nobleSha256 } from "@noble/hashes/sha2.js";
import { verifyMessage } from "../src/ed25519.ts";
import { ED25519_VERIFY_OPTIONS } from "../src/ed25519-strict.ts";
import {
  DOMAINS,
  domainHash,
  generateKeyPair,
  signObject,
  signObjectWith,
  verifyObject,
} from "../src/index.ts";
import { createSigner } from "../src/node/index.ts";

// Run with: pnpm --filter @lodestar/crypto bench. Everything below is measured in this one process.
const line = (label: string, value: string) => console.log(`  ${label.padEnd(48)} ${value}`);

// --- Canonical JSON and hashing ---------------------------------------------------------------
const objects = envelopeLikeObjects(1024);
const averageBytes = objects.reduce((sum, o) => sum + Buffer.byteLength(canonicalize(o)), 0) / objects.length;
let i = 0;
const canonicalizeRate = opsPerSecond(() => canonicalize(objects[i++ & 1023]));
const domainHashRate = opsPerSecond(() => domainHash(DOMAINS.envelope, objects[i++ & 1023]));
const kb = new Uint8Array(1024).fill(0x61);
const mb = new Uint8Array(1 << 20).fill(0x61);
const sha1k = opsPerSecond(() => createHash("sha256").update(kb).digest());
const sha1m = opsPerSecond(() => createHash("sha256").update(mb).digest(), 300, 5);
const nobleSha1k = opsPerSecond(() => nobleSha256(kb));

console.log(
  `@lodestar/crypto bench (node ${process.version}, ${averageBytes.toFixed(0)} B envelope-like objects)`,
);
line(
  "canonicalize",
  `${formatRate((canonicalizeRate * averageBytes) / 1e6, "MB/s")} (${formatRate(canonicalizeRate, "obj/s")})`,
);
line(
  "domainHash = canonicalize + SHA-256",
  `${formatRate((domainHashRate * averageBytes) / 1e6, "MB/s")} (${formatRate(domainHashRate, "obj/s")})`,
);
line("SHA-256 node:crypto, 1 KiB inputs", formatRate((sha1k * 1024) / 1e6, "MB/s"));
line("SHA-256 node:crypto, 1 MiB inputs", formatRate((sha1m * (1 << 20)) / 1e6, "MB/s"));
line("SHA-256 @noble/hashes, 1 KiB inputs", formatRate((nobleSha1k * 1024) / 1e6, "MB/s"));

// --- Ed25519: @noble/ed25519 vs node:crypto on the same key and message ------------------------
const { secretKey, publicKey } = generateKeyPair();
const message = new TextEncoder().encode(canonicalize(objects[0]));
const signature = ed.sign(message, secretKey);
const pkcs8 = () => Buffer.concat([Buffer.from("302e020100300506032b657004220420", "hex"), secretKey]);
const spki = () => Buffer.concat([Buffer.from("302a300506032b6570032100", "hex"), publicKey]);
const privateKeyObject = createPrivateKey({ key: pkcs8(), format: "der", type: "pkcs8" });
const publicKeyObject = createPublicKey({ key: spki(), format: "der", type: "spki" });
if (!opensslSign(null, message, privateKeyObject).equals(Buffer.from(signature)))
  throw new Error("signatures differ");

console.log(`  Ed25519 over a ${message.length} B message (ops/s)`);
line(
  "@noble/ed25519 sign",
  formatRate(
    opsPerSecond(() => ed.sign(message, secretKey)),
    "ops/s",
  ),
);
line(
  "@noble/ed25519 verify (zip215: false)",
  formatRate(
    opsPerSecond(() => ed.verify(signature, message, publicKey, ED25519_VERIFY_OPTIONS)),
    "ops/s",
  ),
);
line(
  "node:crypto sign (KeyObject cached)",
  formatRate(
    opsPerSecond(() => opensslSign(null, message, privateKeyObject)),
    "ops/s",
  ),
);
line(
  "node:crypto sign (raw seed imported per call)",
  formatRate(
    opsPerSecond(() =>
      opensslSign(null, message, createPrivateKey({ key: pkcs8(), format: "der", type: "pkcs8" })),
    ),
    "ops/s",
  ),
);
line(
  "node:crypto verify (KeyObject cached)",
  formatRate(
    opsPerSecond(() => opensslVerify(null, message, publicKeyObject, signature)),
    "ops/s",
  ),
);
line(
  "node:crypto verify (raw key imported per call)",
  formatRate(
    opsPerSecond(() =>
      opensslVerify(null, message, createPublicKey({ key: spki(), format: "der", type: "spki" }), signature),
    ),
    "ops/s",
  ),
);
line(
  "lodestar verifyMessage (valid signature)",
  formatRate(
    opsPerSecond(() => verifyMessage(signature, message, publicKey)),
    "ops/s",
  ),
);
// Worst case for the fallback: flip a bit of S, so R still decodes and noble runs in full.
const forged = signature.slice();
forged[40]! ^= 1;
line(
  "lodestar verifyMessage (invalid sig, worst case)",
  formatRate(
    opsPerSecond(() => verifyMessage(forged, message, publicKey)),
    "ops/s",
  ),
);

const decision = {
  holdId: "h-01HZX",
  session: "s-1",
  actionDigest: "ab".repeat(32),
  level: "L3",
  verdict: "approve",
};
const decisionSignature = signObject(DOMAINS.decision, decision, secretKey);
line(
  "lodestar signObject (decision)",
  formatRate(
    opsPerSecond(() => signObject(DOMAINS.decision, decision, secretKey)),
    "ops/s",
  ),
);
const signer = createSigner(secretKey);
line(
  "lodestar signObjectWith (long-lived Signer, checkpoints)",
  formatRate(
    opsPerSecond(() => signObjectWith(DOMAINS.checkpoint, decision, signer)),
    "ops/s",
  ),
);
line(
  "lodestar verifyObject (decision)",
  formatRate(
    opsPerSecond(() => verifyObject(DOMAINS.decision, decision, decisionSignature, publicKey)),
    "ops/s",
  ),
);
