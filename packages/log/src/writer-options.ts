import { publicKeyOf } from "@lodestar/crypto";
import {
  type Actor,
  type EnvelopeKind,
  type PartInput,
  SESSION_PATTERN,
  type Sensitivity,
} from "@lodestar/envelope";
import { DEFAULT_MAX_LINE_BYTES } from "./line-reader.ts";
import { LogError } from "./log-error.ts";

export interface LogWriterOptions {
  /** The session's log file; created if missing. Its directory is created too. */
  file: string;
  session: string;
  /** Operator key that signs checkpoints (a KeyPair or a key file's content will do). */
  operatorKey: { secretKey: Uint8Array };
  /** Signed checkpoint after this many envelopes or this many ms (whichever first), and at close. */
  checkpoint?: { everyEnvelopes?: number; everyMs?: number };
  /** Group commit: fsync of non-gating envelopes at most this long after they were written. */
  syncIntervalMs?: number;
  /**
   * Largest batch written, and unsynced amount fdatasynced, on the calling thread (default 256 KiB;
   * 0 sends all I/O to the thread pool, for a process that serves many sessions on one event loop;
   * ADR 15).
   */
  inlineIoBytes?: number;
  /** Operator keys to accept for existing checkpoints when re-opening a log. */
  trustedKeys?: (keyId: string) => Uint8Array | undefined;
  maxLineBytes?: number;
  /** Source of envelope timestamps (tests pin it). */
  clock?: () => Date;
}

/** What a caller records; the writer adds id, session, seq, ts, prev and hash. */
export interface AppendInput {
  kind: Exclude<EnvelopeKind, "checkpoint">;
  actor: Actor;
  parents?: string[];
  sensitivity: Sensitivity;
  body: Record<string, PartInput>;
  /** Defaults to a fresh id; set it to cite this envelope from another in the same appendAll. */
  id?: string;
}

export interface ResolvedWriterOptions {
  file: string;
  session: string;
  secretKey: Uint8Array;
  everyEnvelopes: number;
  everyMs: number;
  syncIntervalMs: number;
  inlineIoBytes: number;
  trustedKeys: ((keyId: string) => Uint8Array | undefined) | undefined;
  maxLineBytes: number;
  clock: () => Date;
}

export const DEFAULT_CHECKPOINT_EVERY_ENVELOPES = 1000;
export const DEFAULT_CHECKPOINT_EVERY_MS = 5000;
export const DEFAULT_SYNC_INTERVAL_MS = 20;
export const DEFAULT_INLINE_IO_BYTES = 256 * 1024;

/** Validates writer options once, at open, so a misconfiguration fails before anything is written. */
export function resolveWriterOptions(options: LogWriterOptions): ResolvedWriterOptions {
  const fail = (message: string, cause?: unknown) => new LogError("invalid-options", message, { cause });
  if (typeof options.file !== "string" || options.file === "") throw fail("file is required");
  if (typeof options.session !== "string" || !SESSION_PATTERN.test(options.session)) {
    throw fail(`session must match ${SESSION_PATTERN}`);
  }
  try {
    publicKeyOf(options.operatorKey.secretKey);
  } catch (error) {
    throw fail("operatorKey.secretKey must be a 32-byte Ed25519 seed", error);
  }
  const resolved: ResolvedWriterOptions = {
    file: options.file,
    session: options.session,
    secretKey: options.operatorKey.secretKey,
    everyEnvelopes: options.checkpoint?.everyEnvelopes ?? DEFAULT_CHECKPOINT_EVERY_ENVELOPES,
    everyMs: options.checkpoint?.everyMs ?? DEFAULT_CHECKPOINT_EVERY_MS,
    syncIntervalMs: options.syncIntervalMs ?? DEFAULT_SYNC_INTERVAL_MS,
    inlineIoBytes: options.inlineIoBytes ?? DEFAULT_INLINE_IO_BYTES,
    trustedKeys: options.trustedKeys,
    maxLineBytes: options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES,
    clock: options.clock ?? (() => new Date()),
  };
  for (const key of ["everyEnvelopes", "everyMs", "syncIntervalMs", "maxLineBytes"] as const) {
    const value = resolved[key];
    if (!Number.isSafeInteger(value) || value < 1) throw fail(`${key} must be a positive integer`);
  }
  if (!Number.isSafeInteger(resolved.inlineIoBytes) || resolved.inlineIoBytes < 0) {
    throw fail("inlineIoBytes must be a non-negative integer");
  }
  return resolved;
}
