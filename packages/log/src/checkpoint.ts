import {
  DOMAINS,
  fromBase64Url,
  keyIdOf,
  type Signer,
  signObjectWith,
  toBase64Url,
  verifyObject,
} from "@lodestar/crypto";
import { type Envelope, HEX64_PATTERN, isRedactedPart, type PartInput } from "@lodestar/envelope";
import type { ChainPoint, VerifyFailureCode } from "./verify-result.ts";

/** Name of the single body part of a checkpoint envelope. */
export const CHECKPOINT_PART = "checkpoint";

/** What a checkpoint (envelope body or head file) asserts, signed by the operator key. */
export interface CheckpointClaim {
  session: string;
  /** Seq and hash of the envelope the checkpoint covers. */
  seq: number;
  hash: string;
  keyId: string;
  /** base64url Ed25519 public key. */
  publicKey: string;
  /** base64url signature over DOMAINS.checkpoint ‖ canonical({ session, seq, hash }). */
  signature: string;
}

/** Signs `covered` for `session` with the operator key. */
export function signCheckpoint(session: string, covered: ChainPoint, signer: Signer): CheckpointClaim {
  return {
    session,
    seq: covered.seq,
    hash: covered.hash,
    keyId: signer.keyId,
    publicKey: toBase64Url(signer.publicKey),
    signature: signObjectWith(DOMAINS.checkpoint, { session, seq: covered.seq, hash: covered.hash }, signer),
  };
}

/**
 * Body of a checkpoint envelope. Marked public so no redaction ceiling can hide it: a redacted log
 * must stay checkable against the operator key.
 */
export function checkpointBody(claim: CheckpointClaim): Record<string, PartInput> {
  const { seq, hash, keyId, publicKey, signature } = claim;
  return { [CHECKPOINT_PART]: { s: "public", value: { seq, hash, keyId, publicKey, signature } } };
}

export type CheckpointProblem = { code: VerifyFailureCode; message: string };

/**
 * Reads the claim out of a checkpoint envelope (whose hash has already been verified) and checks
 * that it covers exactly the envelope before it. The body is attacker-controlled: every field is
 * type-checked before use.
 */
export function claimOfCheckpoint(envelope: Envelope): CheckpointClaim | CheckpointProblem {
  const names = Object.keys(envelope.body);
  const part = envelope.body[CHECKPOINT_PART];
  if (names.length !== 1 || part === undefined || isRedactedPart(part)) {
    return {
      code: "bad-checkpoint-signature",
      message: "checkpoint body must be one open 'checkpoint' part",
    };
  }
  const claim = asClaim(envelope.session, part.value);
  if (claim === undefined) {
    return {
      code: "bad-checkpoint-signature",
      message: "checkpoint body is not { seq, hash, keyId, publicKey, signature }",
    };
  }
  if (claim.seq !== envelope.seq - 1 || claim.hash !== envelope.prev) {
    return {
      code: "bad-checkpoint-signature",
      message: `checkpoint claims seq ${claim.seq} but follows seq ${envelope.seq - 1} (or its hash differs)`,
    };
  }
  return claim;
}

/**
 * Checks a claim's key id and signature. With trustedKeys, only a key the caller vouches for is
 * accepted; without, the key carried in the claim is used (consistency, not authorship).
 */
export function checkClaimSignature(
  claim: CheckpointClaim,
  trustedKeys: ((keyId: string) => Uint8Array | undefined) | undefined,
): CheckpointProblem | undefined {
  let carried: Uint8Array;
  try {
    carried = fromBase64Url(claim.publicKey);
    if (keyIdOf(carried) !== claim.keyId) {
      return {
        code: "bad-checkpoint-signature",
        message: `key id ${claim.keyId} does not match the public key`,
      };
    }
  } catch {
    return { code: "bad-checkpoint-signature", message: "checkpoint public key is not a valid Ed25519 key" };
  }
  let key = carried;
  if (trustedKeys !== undefined) {
    const trusted = trustedKeys(claim.keyId);
    if (trusted === undefined) {
      return { code: "untrusted-checkpoint-key", message: `checkpoint key ${claim.keyId} is not trusted` };
    }
    key = trusted;
  }
  const signed = { session: claim.session, seq: claim.seq, hash: claim.hash };
  if (!verifyObject(DOMAINS.checkpoint, signed, claim.signature, key)) {
    return {
      code: "bad-checkpoint-signature",
      message: `checkpoint signature by ${claim.keyId} does not verify`,
    };
  }
  return undefined;
}

/** Type-checks an untrusted claim value; `session` comes from the (verified) envelope or file. */
export function asClaim(session: string, value: unknown): CheckpointClaim | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const v = value as Record<string, unknown>;
  const keys = Object.keys(v).sort().join(",");
  if (keys !== "hash,keyId,publicKey,seq,signature") return undefined;
  if (!Number.isSafeInteger(v["seq"]) || (v["seq"] as number) < 0) return undefined;
  if (typeof v["hash"] !== "string" || !HEX64_PATTERN.test(v["hash"])) return undefined;
  if (typeof v["keyId"] !== "string" || typeof v["publicKey"] !== "string") return undefined;
  if (typeof v["signature"] !== "string") return undefined;
  return {
    session,
    seq: v["seq"] as number,
    hash: v["hash"],
    keyId: v["keyId"],
    publicKey: v["publicKey"],
    signature: v["signature"],
  };
}
