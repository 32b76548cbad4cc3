import { type FileHandle, mkdir, open } from "node:fs/promises";
import { dirname } from "node:path";
import type { Signer } from "@lodestar/crypto";
import { createSigner } from "@lodestar/crypto/node";
import {
  type CreatedEnvelope,
  createEnvelopeLine,
  type Envelope,
  EnvelopeError,
  genesisHash,
} from "@lodestar/envelope";
import { checkpointBody, signCheckpoint } from "./checkpoint.ts";
import { GATING_KINDS } from "./gating-kinds.ts";
import { GroupCommitFile } from "./group-commit.ts";
import { removeStaleHeadTmp, writeHeadFile } from "./head-file.ts";
import { acquireLock, type HeldLock } from "./lock-file.ts";
import { LogError } from "./log-error.ts";
import { fileSink } from "./log-sink.ts";
import { recoverTornTail } from "./recover-tail.ts";
import { syncDirectory } from "./sync-directory.ts";
import { verifyLog } from "./verify-log.ts";
import type { ChainPoint } from "./verify-result.ts";
import {
  type AppendInput,
  type LogWriterOptions,
  type ResolvedWriterOptions,
  resolveWriterOptions,
} from "./writer-options.ts";

export type LogWriterState = "open" | "failed" | "closed";

/** The single writer of one session's log. */
export interface LogWriter {
  readonly file: string;
  readonly session: string;
  /** "failed" after a write or fsync error: every append rejects from then on. */
  readonly state: LogWriterState;
  /** Last envelope appended (not necessarily written yet). */
  readonly head: ChainPoint | undefined;
  /**
   * Appends one envelope. Resolves once it is written (gating kinds: written and fsynced); rejects
   * if it cannot be, and the caller must then not act on it (no record, no execution).
   */
  append(input: AppendInput): Promise<Envelope>;
  /**
   * Appends several envelopes as one write (atomic: all or none are built), durable if any of them
   * gates an action. Inputs may carry ids so that a later one cites an earlier one.
   */
  appendAll(inputs: readonly AppendInput[]): Promise<Envelope[]>;
  /** Writes a signed checkpoint now (if anything is uncovered) and waits until it is durable. */
  checkpoint(): Promise<void>;
  /** Final checkpoint, fsync, release the lock. */
  close(): Promise<void>;
}

/**
 * Opens (or creates) a session's log for appending: takes the lock, sets aside a torn tail, and
 * verifies the existing chain and head file — a writer never extends a chain it cannot vouch for.
 */
export async function openLogWriter(options: LogWriterOptions): Promise<LogWriter> {
  const resolved = resolveWriterOptions(options);
  await mkdir(dirname(resolved.file), { recursive: true, mode: 0o700 });
  const lock = await acquireLock(resolved.file);
  let handle: FileHandle | undefined;
  try {
    // Created (0600) before anything else so verification below sees a file, even an empty one.
    handle = await open(resolved.file, "a", 0o600);
    await syncDirectory(dirname(resolved.file));
    await removeStaleHeadTmp(resolved.file);
    await recoverTornTail(resolved.file, { maxLineBytes: resolved.maxLineBytes });
    const existing = await verifyLog(resolved.file, {
      session: resolved.session,
      trustedKeys: resolved.trustedKeys,
      maxLineBytes: resolved.maxLineBytes,
    });
    if (!existing.ok) {
      const code = existing.code === "session-mismatch" ? "session-mismatch" : "chain-broken";
      throw new LogError(
        code,
        `refusing to extend ${resolved.file}: ${existing.code} at seq ${existing.seq} (line ${existing.line}): ${existing.message}`,
        { cause: existing },
      );
    }
    const covered = existing.lastCheckpointSeq === undefined ? 0 : existing.lastCheckpointSeq + 1;
    return new FileLogWriter(resolved, lock, new GroupCommitFile(fileSink(handle), resolved), handle, {
      nextSeq: existing.count,
      lastHash: existing.head?.hash ?? genesisHash(resolved.session),
      uncovered: existing.count - covered,
    });
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await lock.release();
    throw error;
  }
}

interface ChainState {
  nextSeq: number;
  lastHash: string;
  /** Envelopes appended since the last checkpoint. */
  uncovered: number;
}

class FileLogWriter implements LogWriter {
  private readonly options: ResolvedWriterOptions;
  private readonly lock: HeldLock;
  private readonly out: GroupCommitFile;
  private readonly handle: { close(): Promise<void> };
  private readonly chain: ChainState;
  private readonly signer: Signer;
  private readonly checkpointTimer: NodeJS.Timeout;
  private closing = false;
  private closed = false;
  private lastTsMs = Number.NaN;
  private lastTs = "";

  constructor(
    options: ResolvedWriterOptions,
    lock: HeldLock,
    out: GroupCommitFile,
    handle: { close(): Promise<void> },
    chain: ChainState,
  ) {
    this.options = options;
    this.lock = lock;
    this.out = out;
    this.handle = handle;
    this.chain = chain;
    this.signer = createSigner(options.secretKey);
    this.checkpointTimer = setInterval(() => {
      if (this.chain.uncovered > 0) this.enqueueCheckpoint().catch(() => undefined);
    }, options.everyMs);
    this.checkpointTimer.unref();
  }

  get file(): string {
    return this.options.file;
  }

  get session(): string {
    return this.options.session;
  }

  get state(): LogWriterState {
    if (this.closed) return "closed";
    return this.out.failure ? "failed" : "open";
  }

  get head(): ChainPoint | undefined {
    return this.chain.nextSeq === 0 ? undefined : { seq: this.chain.nextSeq - 1, hash: this.chain.lastHash };
  }

  append(input: AppendInput): Promise<Envelope> {
    if (this.closing || this.closed) return Promise.reject(new LogError("closed", "log writer is closed"));
    if (this.out.failure) {
      return Promise.reject(
        new LogError("writer-failed", "log writer failed earlier", { cause: this.out.failure }),
      );
    }
    if ((input.kind as string) === "checkpoint") {
      return Promise.reject(new LogError("invalid-input", "checkpoints are written by the log writer only"));
    }
    let created: CreatedEnvelope;
    try {
      created = this.build(input);
    } catch (error) {
      return Promise.reject(error);
    }
    const envelope = created.envelope;
    const written = this.out.append(`${created.line}\n`, GATING_KINDS.has(envelope.kind));
    this.chain.uncovered++;
    if (this.chain.uncovered >= this.options.everyEnvelopes) this.enqueueCheckpoint().catch(() => undefined);
    // The continuation holds the envelope only: the line's string is already in the write buffer
    // and must not stay alive (thousands of in-flight lines on the heap make GC dominate).
    return written.then(() => envelope);
  }

  appendAll(inputs: readonly AppendInput[]): Promise<Envelope[]> {
    if (this.closing || this.closed) return Promise.reject(new LogError("closed", "log writer is closed"));
    if (this.out.failure) {
      return Promise.reject(
        new LogError("writer-failed", "log writer failed earlier", { cause: this.out.failure }),
      );
    }
    // All or nothing: if any input is invalid, the chain is rewound and nothing is written.
    const before = { nextSeq: this.chain.nextSeq, lastHash: this.chain.lastHash };
    const envelopes: Envelope[] = [];
    let text = "";
    let durable = false;
    try {
      for (const input of inputs) {
        if ((input.kind as string) === "checkpoint") {
          throw new LogError("invalid-input", "checkpoints are written by the log writer only");
        }
        const created = this.build(input);
        envelopes.push(created.envelope);
        text += `${created.line}\n`;
        durable ||= GATING_KINDS.has(created.envelope.kind);
      }
    } catch (error) {
      this.chain.nextSeq = before.nextSeq;
      this.chain.lastHash = before.lastHash;
      return Promise.reject(error);
    }
    // One write, and at most one fsync, for the whole group (e.g. a proposed action and the
    // decision on it, both of which must be durable before the action runs).
    const written = this.out.append(text, durable);
    this.chain.uncovered += envelopes.length;
    if (this.chain.uncovered >= this.options.everyEnvelopes) this.enqueueCheckpoint().catch(() => undefined);
    return written.then(() => envelopes);
  }

  checkpoint(): Promise<void> {
    if (this.closing || this.closed) return Promise.reject(new LogError("closed", "log writer is closed"));
    if (this.out.failure) return Promise.reject(this.out.failure);
    return this.chain.uncovered > 0 ? this.enqueueCheckpoint() : Promise.resolve();
  }

  async close(): Promise<void> {
    if (this.closing || this.closed) return;
    this.closing = true;
    clearInterval(this.checkpointTimer);
    const failedBefore = this.out.failure;
    let finalCheckpoint: Promise<void> = Promise.resolve();
    if (!failedBefore && this.chain.uncovered > 0) finalCheckpoint = this.enqueueCheckpoint();
    try {
      await finalCheckpoint;
      await this.out.drain();
      if (!failedBefore && this.out.failure) throw this.out.failure;
    } finally {
      this.closed = true;
      await this.handle.close().catch(() => undefined);
      await this.lock.release();
    }
  }

  /** Builds the next envelope and advances the chain; nothing advances if the input is invalid. */
  private build(input: AppendInput | CheckpointInput): CreatedEnvelope {
    let created: CreatedEnvelope;
    try {
      // Fields listed one by one, not `{ ...input, … }`: V8 builds a spread with extra members
      // through a slow generic path (~4 µs, an eighth of an append when measured).
      created = createEnvelopeLine({
        kind: input.kind,
        id: input.id,
        actor: input.actor,
        parents: input.parents,
        sensitivity: input.sensitivity,
        body: input.body,
        session: this.options.session,
        seq: this.chain.nextSeq,
        prev: this.chain.lastHash,
        ts: this.timestamp(),
      });
    } catch (error) {
      if (error instanceof EnvelopeError)
        throw new LogError("invalid-input", error.message, { cause: error });
      throw error;
    }
    // A line the reader would refuse must never be written: it would make the log unverifiable.
    // (UTF-8 takes at most 3 bytes per UTF-16 unit, so most lines need no byte count at all.)
    const line = created.line;
    if (
      line.length * 3 > this.options.maxLineBytes &&
      Buffer.byteLength(line, "utf8") > this.options.maxLineBytes
    ) {
      throw new LogError("invalid-input", `envelope exceeds ${this.options.maxLineBytes} bytes`);
    }
    this.chain.nextSeq++;
    this.chain.lastHash = created.envelope.hash;
    return created;
  }

  /** The clock's time as ISO 8601; formatted once per millisecond, as appends come faster than that. */
  private timestamp(): string {
    const now = this.options.clock();
    const ms = now.getTime();
    if (ms !== this.lastTsMs) {
      this.lastTs = now.toISOString(); // throws for an invalid date, before lastTsMs changes
      this.lastTsMs = ms;
    }
    return this.lastTs;
  }

  /** Appends a checkpoint covering the last envelope; resolves once it and the head file are durable. */
  private enqueueCheckpoint(): Promise<void> {
    const covered = { seq: this.chain.nextSeq - 1, hash: this.chain.lastHash };
    const claim = signCheckpoint(this.options.session, covered, this.signer);
    const created = this.build({
      kind: "checkpoint",
      actor: { agent: "lodestar.log", operator: this.signer.keyId },
      sensitivity: "public",
      body: checkpointBody(claim),
    });
    this.chain.uncovered = 0;
    return this.out.append(`${created.line}\n`, true, () => writeHeadFile(this.options.file, claim));
  }
}

type CheckpointInput = Omit<AppendInput, "kind"> & { kind: "checkpoint" };
