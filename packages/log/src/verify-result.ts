/** The kind of break verification found. One per failure; the first failure ends verification. */
export type VerifyFailureCode =
  /** Not JSON, not a v1 envelope, a blank line, or a last line without its newline (torn). */
  | "malformed"
  | "invalid-utf8"
  | "line-too-long"
  /** Valid JSON but not its RFC 8785 canonical text (two spellings of one envelope). */
  | "non-canonical"
  /** The content does not hash to the envelope's `hash`: the line was edited. */
  | "bad-hash"
  /** `prev` is not the previous envelope's hash (or the session's genesis value). */
  | "bad-link"
  /** A `parents` id that is not an earlier envelope of the log (checked from the genesis only). */
  | "dangling-parent"
  /** An envelope is missing: the seq jumped forward. */
  | "gap"
  /** Envelopes are out of order: the seq went back, or a later envelope came early. */
  | "reorder"
  | "session-mismatch"
  /** A checkpoint (or the head file) whose signature, key id or claimed seq/hash is wrong. */
  | "bad-checkpoint-signature"
  /** A checkpoint signed by a key the caller's trustedKeys does not know. */
  | "untrusted-checkpoint-key"
  /** The log ends before a seq that a checkpoint/head the verifier knows of covers. */
  | "truncated-below-checkpoint"
  /** The log has the known head's seq, with a different hash: history was rewritten. */
  | "fork";

export interface VerifyOk {
  ok: true;
  /** Session of the log; undefined only for an empty log. */
  session: string | undefined;
  /** Envelopes verified. */
  count: number;
  /** Last envelope verified. */
  head: { seq: number; hash: string } | undefined;
  /** Checkpoint envelopes verified. */
  checkpoints: number;
  /** Seq of the last checkpoint envelope. */
  lastCheckpointSeq: number | undefined;
  /** Distinct key ids that signed checkpoints (and the head file); at most 64 are listed. */
  checkpointKeyIds: string[];
  /**
   * True when trustedKeys was given and vouched for every checkpoint signer (with at least one
   * checkpoint). False means signatures were only checked against the keys the log itself carries,
   * which proves consistency, not authorship.
   */
  checkpointSignersTrusted: boolean;
  /** Whether a head file was read and matched (verifyLog on a path only). */
  headFile: "matched" | "absent" | "not-checked";
  /**
   * How much of the log a verified checkpoint signature (an envelope, or the head file) vouches
   * for. The hash chain alone proves only that the lines agree with each other: anyone can build
   * a chain with valid hashes. A signature by a pinned operator key proves the operator's writer
   * wrote everything up to the seq it covers. Signatures are checked against `trustedKeys` when
   * given, else only against the keys the log itself carries (then `covered` means consistent, not
   * authored: see checkpointSignersTrusted).
   */
  coverage: LogCoverage;
  /** Last seq a verified checkpoint or the head file covers; undefined when none does. */
  coveredSeq: number | undefined;
}

/**
 * - `covered`: every envelope but trailing checkpoints is at or below `coveredSeq`;
 * - `uncovered`: envelopes follow the last covered seq (a live log between checkpoints, a writer
 *   killed before its next checkpoint, a log cut on a line boundary with its head file deleted, or
 *   lines appended by someone without the operator key);
 * - `no-checkpoint`: no signature covers anything (an empty log, or one built by hand).
 */
export type LogCoverage = "covered" | "uncovered" | "no-checkpoint";

export interface VerifyFailure {
  ok: false;
  code: VerifyFailureCode;
  /** The first seq that could not be verified (the position in the chain where it broke). */
  seq: number;
  /** 1-based line number in the input, or 0 when the break is not on a line (the head file). */
  line: number;
  message: string;
}

export type VerifyResult = VerifyOk | VerifyFailure;

/** A (seq, hash) pair known from outside the log: the control plane's head, a checkpoint. */
export interface ChainPoint {
  seq: number;
  hash: string;
}

export interface VerifyOptions {
  /** Pinned operator keys. When given, a checkpoint by any other key fails verification. */
  trustedKeys?: (keyId: string) => Uint8Array | undefined;
  /** A head known from elsewhere: the log must reach it and agree with it. */
  knownHead?: ChainPoint;
  /** Expected session id. */
  session?: string;
  /** Verify a continuation: the first envelope must follow this one (seq + 1, prev = hash). */
  after?: ChainPoint;
  /** Longest accepted line in bytes (default 16 MiB). */
  maxLineBytes?: number;
}
