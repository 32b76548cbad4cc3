import { type Envelope, type EnvelopeHeader, genesisHash, parseEnvelopeLine } from "@lodestar/envelope";
import { type CheckpointClaim, checkClaimSignature, claimOfCheckpoint } from "./checkpoint.ts";
import { type EnvelopeProblem, problemOf } from "./envelope-problem.ts";
import { IdSet } from "./id-set.ts";
import type { ChunkRun } from "./parse-chunk.ts";
import type {
  ChainPoint,
  VerifyFailure,
  VerifyFailureCode,
  VerifyOk,
  VerifyOptions,
} from "./verify-result.ts";

/** At most this many distinct checkpoint signers are listed in a result. */
const MAX_REPORTED_KEY_IDS = 64;

/**
 * The chain rules, fed one envelope at a time in constant memory. Shared by the streaming file
 * verifier and the in-memory batch verifier, so both report the same first failure.
 *
 * Order of checks per envelope: envelope validity (canonical, schema, own hash), session, seq,
 * prev, checkpoint, known head. An edited line therefore reports bad-hash; a deleted or moved
 * intact line reports gap or reorder; a spliced-in line from another chain reports bad-link.
 */
export class ChainVerifier {
  private readonly options: VerifyOptions;
  private session: string | undefined;
  private expectedSeq: number;
  private lastHash: string | undefined;
  private count = 0;
  private checkpoints = 0;
  private lastCheckpointSeq: number | undefined;
  /** Highest seq a verified signature (checkpoint or head file) covers. */
  private coveredSeq: number | undefined;
  /** Seq of the last envelope that is not a checkpoint (-1: none yet). */
  private lastContentSeq = -1;
  private readonly keyIds = new Set<string>();
  private readonly anchors: ChainPoint[] = [];
  /** A forward seq jump seen on the previous line; the next line tells a gap from a reorder. */
  private pendingJump: { failure: VerifyFailure; foundSeq: number } | undefined;
  /**
   * Ids seen, for the parents rule. Only from the genesis: a batch continuing a chain (`after`)
   * cannot know the ids before it.
   */
  private readonly ids: IdSet | undefined;

  constructor(options: VerifyOptions) {
    this.options = options;
    this.session = options.session;
    this.expectedSeq = options.after ? options.after.seq + 1 : 0;
    this.lastHash = options.after?.hash;
    if (options.knownHead) this.anchors.push(options.knownHead);
    this.ids = options.after ? undefined : new IdSet();
  }

  /** A further point the log must reach and agree with (e.g. the head file's checkpoint). */
  addAnchor(point: ChainPoint): void {
    this.anchors.push(point);
  }

  /**
   * A seq that a signature checked outside the chain covers (the head file's claim, also added as
   * an anchor, so the log must reach it with the claimed hash or fail).
   */
  noteCovered(seq: number): void {
    this.coveredSeq = Math.max(this.coveredSeq ?? -1, seq);
  }

  /** Records a checkpoint or head-file signer once its signature has been checked. */
  noteSigner(keyId: string): void {
    // Bounded: a hostile log could sign each checkpoint with a fresh key to grow this set.
    if (this.keyIds.size < MAX_REPORTED_KEY_IDS) this.keyIds.add(keyId);
  }

  /**
   * Feeds one envelope's verified header (or the problem that stopped it from parsing), with the
   * full envelope or its line for checkpoints. Returns the first failure.
   */
  next(
    item: EnvelopeHeader | EnvelopeProblem,
    line: number,
    full?: Envelope | string,
  ): VerifyFailure | undefined {
    if (this.pendingJump) {
      const { failure, foundSeq } = this.pendingJump;
      // The envelope after a jump comes from before it: envelopes were swapped, not dropped.
      if (!isProblem(item) && item.seq < foundSeq) failure.code = "reorder";
      return failure;
    }
    if (isProblem(item)) return this.fail(item.code, line, item.message);
    const envelope = item;
    if (this.session === undefined) this.session = envelope.session;
    if (envelope.session !== this.session) {
      return this.fail("session-mismatch", line, `envelope belongs to session ${envelope.session}`);
    }
    if (envelope.seq !== this.expectedSeq) {
      if (envelope.seq < this.expectedSeq) {
        return this.fail("reorder", line, `seq ${envelope.seq} where ${this.expectedSeq} was expected`);
      }
      const failure = this.fail("gap", line, `seq ${envelope.seq} where ${this.expectedSeq} was expected`);
      this.pendingJump = { failure, foundSeq: envelope.seq };
      return undefined;
    }
    const expectedPrev = this.lastHash ?? genesisHash(this.session);
    if (envelope.prev !== expectedPrev) {
      return this.fail("bad-link", line, "prev is not the hash of the previous envelope");
    }
    const dangling = this.danglingParent(envelope.parents);
    if (dangling !== undefined) return this.fail("dangling-parent", line, danglingMessage(dangling));
    if (envelope.kind === "checkpoint") {
      // Only checkpoints need their body; the line is parsed (strictly) just for them.
      const problem = this.checkCheckpoint(full);
      if (problem) return this.fail(problem.code, line, problem.message);
    }
    for (const anchor of this.anchors) {
      if (anchor.seq === envelope.seq && anchor.hash !== envelope.hash) {
        return this.fail("fork", line, `seq ${envelope.seq} differs from the known head or checkpoint`);
      }
    }
    this.ids?.add(envelope.id);
    if (envelope.kind !== "checkpoint") this.lastContentSeq = envelope.seq;
    this.lastHash = envelope.hash;
    this.expectedSeq++;
    this.count++;
    return undefined;
  }

  /**
   * Envelopes accepted so far. next() returning no failure does not mean its envelope was
   * accepted: after a seq jump it waits for the next line to tell a gap from a reorder.
   */
  get accepted(): number {
    return this.count;
  }

  /** Anchors the log must agree with (workers check the runs they summarize against them). */
  get anchorPoints(): readonly ChainPoint[] {
    return this.anchors;
  }

  /**
   * Takes a whole run of envelopes a worker found well-formed and linked to each other. Returns
   * "replay" when the run does not continue the chain as it stands (the caller then feeds the
   * run's lines through next(), which names the exact failure), else the first failure of a
   * checkpoint in it, or undefined.
   */
  acceptRun(run: ChunkRun): VerifyFailure | "replay" | undefined {
    if (this.pendingJump) return "replay";
    const session = this.session ?? run.session;
    const expectedPrev = this.lastHash ?? genesisHash(session);
    if (run.session !== session || run.firstSeq !== this.expectedSeq || run.firstPrev !== expectedPrev) {
      return "replay";
    }
    this.session = session;
    // Envelope by envelope, in the order a line-by-line pass applies the rules: parents, then
    // (for a checkpoint) its signature. expectedSeq tracks where that pass would stand, for fail().
    let checkpoint = 0;
    for (let i = 0; i < run.count; i++) {
      this.expectedSeq = run.firstSeq + i;
      const dangling = this.danglingParent(run.parents[i] ?? []);
      if (dangling !== undefined) {
        return this.fail("dangling-parent", run.firstLine + i, danglingMessage(dangling));
      }
      const next = run.checkpoints[checkpoint];
      if (next !== undefined && next.seq === this.expectedSeq) {
        checkpoint++;
        const problem = this.checkCheckpoint(next.text);
        if (problem) return this.fail(problem.code, next.line, problem.message);
      }
      this.ids?.add(run.ids[i]!);
    }
    this.lastHash = run.lastHash;
    this.expectedSeq = run.firstSeq + run.count;
    // The last content envelope of the run: walk back over the checkpoints that end it.
    let last = run.firstSeq + run.count - 1;
    for (let c = run.checkpoints.length - 1; c >= 0 && run.checkpoints[c]!.seq === last; c--) last--;
    if (last >= run.firstSeq) this.lastContentSeq = last;
    this.count += run.count;
    return undefined;
  }

  /** The first of `parents` that is not an earlier envelope of this log (when ids are tracked). */
  private danglingParent(parents: readonly string[]): string | undefined {
    if (this.ids === undefined) return undefined;
    for (const parent of parents) if (!this.ids.has(parent)) return parent;
    return undefined;
  }

  /** Ends the input (`nextLine` is where the next line would have been). */
  finish(nextLine: number): VerifyOk | VerifyFailure {
    if (this.pendingJump) return this.pendingJump.failure;
    for (const anchor of this.anchors) {
      if (anchor.seq >= this.expectedSeq) {
        return this.fail(
          "truncated-below-checkpoint",
          nextLine,
          `log ends before seq ${anchor.seq}, which a known checkpoint or head covers`,
        );
      }
    }
    const headSeq = this.expectedSeq - 1;
    return {
      ok: true,
      session: this.session,
      count: this.count,
      head: this.lastHash !== undefined && headSeq >= 0 ? { seq: headSeq, hash: this.lastHash } : undefined,
      checkpoints: this.checkpoints,
      lastCheckpointSeq: this.lastCheckpointSeq,
      checkpointKeyIds: [...this.keyIds],
      checkpointSignersTrusted: this.options.trustedKeys !== undefined && this.checkpoints > 0,
      headFile: "not-checked",
      coverage:
        this.coveredSeq === undefined
          ? "no-checkpoint"
          : this.lastContentSeq > this.coveredSeq
            ? "uncovered"
            : "covered",
      coveredSeq: this.coveredSeq,
    };
  }

  private checkCheckpoint(full: Envelope | string | undefined): EnvelopeProblem | undefined {
    if (full === undefined) throw new Error("checkpoint verification needs the full envelope");
    let envelope: Envelope;
    try {
      envelope = typeof full === "string" ? parseEnvelopeLine(full) : full;
    } catch (error) {
      return problemOf(error);
    }
    const claim = claimOfCheckpoint(envelope);
    if (!isClaim(claim)) return claim;
    const problem = checkClaimSignature(claim, this.options.trustedKeys);
    if (problem) return problem;
    this.checkpoints++;
    this.lastCheckpointSeq = envelope.seq;
    this.noteCovered(claim.seq);
    this.noteSigner(claim.keyId);
    return undefined;
  }

  private fail(code: VerifyFailureCode, line: number, message: string): VerifyFailure {
    return { ok: false, code, seq: this.expectedSeq, line, message };
  }
}

function danglingMessage(parent: string): string {
  return `parent ${parent} is not an earlier envelope of this log`;
}

function isProblem(item: EnvelopeHeader | EnvelopeProblem): item is EnvelopeProblem {
  return Object.hasOwn(item, "code");
}

function isClaim(value: CheckpointClaim | EnvelopeProblem): value is CheckpointClaim {
  return Object.hasOwn(value, "signature");
}
