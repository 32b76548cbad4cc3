import {
  type DecisionVerification,
  type HoldRecord,
  type SignedDecision,
  verifyDecision,
} from "@lodestar/protocol";
import type { PinnedKeyView } from "./live-pinned-keys.ts";

export type HoldStatus = "approved" | "denied" | "expired" | "cancelled";

export interface HoldResolution {
  status: HoldStatus;
  /** The decisions that resolved it: the deny, or the approvals that met the quorum. */
  decisions: SignedDecision[];
  approvers: string[];
}

interface OpenHold {
  record: HoldRecord;
  quorum: number;
  approvals: SignedDecision[];
  approvers: string[];
  settle: (r: HoldResolution) => void;
  timer: NodeJS.Timeout;
}

export interface HoldBookOptions {
  /**
   * The pinned keys as they are now, asked again for every decision (a revoke reaches holds that
   * are already open). Throws when they cannot be read: the decision is then refused.
   */
  keys(): PinnedKeyView;
  selfApproval: boolean;
  now?: () => Date;
}

/**
 * The holds of one kernel and the single-use ledger of decisions. A hold resolves at most once:
 * a deny wins immediately, approvals count toward the quorum, and at its expiry it resolves to
 * deny on its own timer — no network needed (threat: freeze).
 */
export class HoldBook {
  readonly #open = new Map<string, OpenHold>();
  /** Holds that were resolved (or found dangling at start-up): kept so late decisions get `hold-not-open`. */
  readonly #closed = new Map<string, HoldRecord>();
  readonly #used = new Set<string>();
  readonly #options: HoldBookOptions;

  constructor(options: HoldBookOptions) {
    this.#options = options;
  }

  /** Rebuild: a decision id seen in the log (applied or rejected) can never be used again. */
  markUsed(decisionId: string): void {
    this.#used.add(decisionId);
  }

  /** Rebuild: a hold the log shows as resolved, or as open when the previous process died. */
  markClosed(record: HoldRecord): void {
    this.#closed.set(record.holdId, { ...record, open: false });
  }

  get(holdId: string): HoldRecord | undefined {
    return this.#open.get(holdId)?.record ?? this.#closed.get(holdId);
  }

  openHolds(): HoldRecord[] {
    return [...this.#open.values()].map((h) => h.record);
  }

  /** Opens a hold and returns how it resolved. `signal` cancels it (resolves to `cancelled`, a deny). */
  open(record: HoldRecord, quorum: number, signal?: AbortSignal): Promise<HoldResolution> {
    return new Promise((resolve) => {
      const delay = Math.max(0, Date.parse(record.expiresAt) - this.#now().getTime());
      const hold: OpenHold = {
        record: { ...record, open: true, approvedBy: [] },
        quorum: Math.max(1, quorum),
        approvals: [],
        approvers: [],
        settle: (resolution) => {
          clearTimeout(hold.timer);
          signal?.removeEventListener("abort", onAbort);
          this.#open.delete(record.holdId);
          this.#closed.set(record.holdId, { ...hold.record, open: false });
          resolve(resolution);
        },
        timer: setTimeout(() => hold.settle({ status: "expired", decisions: [], approvers: [] }), delay),
      };
      const onAbort = () => hold.settle({ status: "cancelled", decisions: [], approvers: [] });
      this.#open.set(record.holdId, hold);
      if (signal?.aborted) onAbort();
      else signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  /**
   * Verifies a decision that arrived from any transport and applies it if valid. A decision whose
   * signature verified is spent whatever the result (a rejected one cannot be retried either); one
   * that never got that far is not, so a tampered copy cannot burn the genuine decision.
   */
  apply(raw: unknown): DecisionVerification {
    let keys: PinnedKeyView;
    try {
      keys = this.#options.keys();
    } catch (error) {
      // Fail closed: no current key set, no verification — never an older copy of the keys.
      return { ok: false, code: "pinned-keys-unavailable", detail: (error as Error).message, spent: false };
    }
    const result = verifyDecision(raw, {
      findKey: keys.findKey,
      findHold: (id) => this.get(id),
      alreadyUsed: (id) => this.#used.has(id),
      now: this.#now(),
      selfApproval: this.#options.selfApproval,
      operatorKeys: keys.operatorKeys,
    });
    if (result.ok || result.spent) this.#used.add(result.decisionId!);
    if (!result.ok) return result;
    const hold = this.#open.get(result.decision.holdId);
    if (hold === undefined) return result; // unreachable: verifyDecision checked the hold is open
    if (result.decision.verdict === "deny") {
      hold.settle({ status: "denied", decisions: [result.decision], approvers: [result.approverName] });
      return result;
    }
    hold.approvals.push(result.decision);
    hold.approvers.push(result.approverName);
    hold.record = { ...hold.record, approvedBy: [...hold.record.approvedBy, result.decision.keyId] };
    if (hold.approvals.length >= hold.quorum) this.#settleIfQuorumStands(hold, keys);
    return result;
  }

  /**
   * Approvals counted earlier were checked against the keys of their time. Before a quorum
   * releases the call, each is checked again against the keys of now: one whose key was revoked
   * (or unpinned) since no longer counts, and the hold keeps waiting for another approver.
   */
  #settleIfQuorumStands(hold: OpenHold, keys: PinnedKeyView): void {
    const standing = hold.approvals.map((d) => {
      const key = keys.findKey(d.keyId);
      return key !== undefined && !key.revoked && key.levels.includes(d.level);
    });
    if (standing.every(Boolean)) {
      hold.settle({ status: "approved", decisions: hold.approvals, approvers: hold.approvers });
      return;
    }
    hold.approvals = hold.approvals.filter((_, i) => standing[i]);
    hold.approvers = hold.approvers.filter((_, i) => standing[i]);
    hold.record = { ...hold.record, approvedBy: hold.approvals.map((d) => d.keyId) };
  }

  /** Resolves every open hold as cancelled (the kernel is closing). */
  cancelAll(): void {
    for (const hold of [...this.#open.values()])
      hold.settle({ status: "cancelled", decisions: [], approvers: [] });
  }

  #now(): Date {
    return this.#options.now?.() ?? new Date();
  }
}
