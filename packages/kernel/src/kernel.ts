import { createEnvelopeId, type Envelope, type PartInput, type Sensitivity } from "@lodestar/envelope";
import type { AppendInput } from "@lodestar/log";
import {
  decide,
  LadderReplay,
  type LadderState,
  type Policy,
  type PolicyDecision,
  resolveCall,
  rungOf,
  visibility,
} from "@lodestar/policy";
import { actionDigest, type HoldRecord } from "@lodestar/protocol";
import type { ApprovalsInbox, InboxVerdict } from "./approvals-inbox.ts";
import { argParts, decisionBody, part } from "./decision-body.ts";
import type { Gate, GateResult, HoldProgress, ProposedCall, ToolOutcome } from "./gate.ts";
import { type HoldAnnouncement, waitWithProgress } from "./hold-announcement.ts";
import { newHoldId } from "./hold-id.ts";
import type { KernelParts } from "./kernel-parts.ts";

/**
 * The kernel behind every guarded call: resolve, decide, record (fsynced before anything runs),
 * hold and wait for a verified decision, record the outcome. Fails closed: in enforce mode any
 * error is a deny; whatever the mode, a call that cannot be recorded does not run.
 */
export class Kernel implements Gate {
  readonly #p: KernelParts;
  #closing = false;
  #replay: LadderReplay | undefined;
  #replayed = 0;
  /** Beliefs stated with lodestar_note since the last decision: that decision cites them. */
  #pendingBeliefs: string[] = [];

  constructor(parts: KernelParts) {
    this.#p = parts;
  }

  get session(): string {
    return this.#p.session;
  }

  /** Set once, after the kernel exists, because the inbox calls back into it. */
  attachInbox(inbox: ApprovalsInbox): void {
    this.#p.inbox = inbox;
  }

  async recordStart(info: Record<string, unknown>): Promise<void> {
    const body: Record<string, PartInput> = {};
    for (const [name, value] of Object.entries(info)) body[name] = part(value);
    await this.#append({ kind: "session.start", sensitivity: "internal", body });
  }

  /** Resolves to deny a hold the log shows open from a previous process (never revived). */
  async abandonHold(holdId: string, holdEnvelopeId: string): Promise<void> {
    await this.#append({
      kind: "grant",
      sensitivity: "internal",
      parents: [holdEnvelopeId],
      body: { holdId: part(holdId), status: part("abandoned"), approvers: part([]), decisionIds: part([]) },
    });
  }

  get policy(): Policy | undefined {
    return this.#p.policy;
  }

  /** The agent's rung per capability, replayed from the log (for `lodestar ladder` and tests). */
  ladder(): LadderState | undefined {
    return this.#p.policy === undefined ? undefined : this.#ladderState(this.#p.policy, this.#p.now());
  }

  openHolds(): HoldRecord[] {
    return this.#p.holds.openHolds();
  }

  visibility(tool: string): "listed" | "hidden" {
    const { policy } = this.#p;
    return policy === undefined ? "hidden" : visibility(policy, tool, { allowHigh: this.#p.allowHigh });
  }

  async evaluate(
    call: ProposedCall,
    options: { signal?: AbortSignal; onProgress?: (p: HoldProgress) => void } = {},
  ): Promise<GateResult> {
    const { policy } = this.#p;
    if (policy === undefined || this.#closing) {
      const reason = this.#closing
        ? "the guard is shutting down"
        : `policy unavailable: ${this.#p.policyProblem}`;
      return this.#refuse(call, this.#closing ? "kernel-closing" : "policy-unavailable", reason);
    }
    let beliefId: string | undefined;
    let decision: PolicyDecision;
    let action: Omit<AppendInput, "actor">;
    // What runs is the resolved call (real paths, normalised URLs, any constraint applied): the
    // same arguments the action digest binds and an approver sees.
    let runArgs: Record<string, unknown>;
    let cwd: string;
    try {
      if (call.rationale !== undefined) beliefId = (await this.#belief(call.rationale)).id;
      const resolved = resolveCall(
        policy,
        { tool: call.tool, args: call.args },
        { workspace: this.#p.workspace, protected: this.#p.protectedAnchors },
      );
      const now = this.#p.now();
      const rung = rungOf(this.#ladderState(policy, now), this.#p.actor.agent, resolved.capability);
      decision = decide(policy, resolved, {
        agent: this.#p.actor.agent,
        rung,
        now,
        recentHolds: this.#p.state.holdTimes.get(this.#p.actor.agent) ?? [],
        session: this.#p.session,
      });
      runArgs = decision.constrainedArgs ?? resolved.args;
      cwd = resolved.cwd;
      action = {
        kind: "action",
        id: createEnvelopeId(),
        sensitivity: "internal",
        // Raised arguments (content, headers, FOO=… commands, credentials) go in their own parts.
        body: {
          tool: part(call.tool),
          ...argParts("args", call.tool, runArgs, policy),
          ...argParts("proposed", call.tool, call.args, policy),
          cwd: part(resolved.cwd),
        },
      };
    } catch (error) {
      return this.#refuse(call, "internal-error", `kernel error: ${(error as Error).message}`);
    }
    return this.#gate({ ...call, args: runArgs }, decision, action, beliefId, options, cwd);
  }

  async #gate(
    call: ProposedCall,
    decision: PolicyDecision,
    action: Omit<AppendInput, "actor">,
    beliefId: string | undefined,
    options: { signal?: AbortSignal; onProgress?: (p: HoldProgress) => void },
    cwd: string,
  ): Promise<GateResult> {
    const observe = decision.mode === "observe";
    const body = decisionBody(decision, action.body);
    let decisionEnvelope: Envelope;
    const beliefs = [...(beliefId ? [beliefId] : []), ...this.#pendingBeliefs.splice(0)];
    try {
      // The proposal and the decision on it go down in one write with one fsync: both are durable
      // before anything runs, for the price of a single flush.
      const decisionInput = {
        kind: "decision" as const,
        sensitivity: "internal" as const,
        parents: [action.id!, ...beliefs],
        body,
      };
      [, decisionEnvelope] = (await this.#appendAll([action, decisionInput])) as [Envelope, Envelope];
    } catch (error) {
      return this.#unrecorded(decision, error);
    }
    const base = {
      level: decision.level,
      rule: decision.rule,
      reason: decision.reason,
      decisionId: decisionEnvelope.id,
    };
    const args = call.args;
    if (decision.verdict === "allow") return { ...base, verdict: "allow", args };
    if (observe) return { ...base, verdict: "allow", wouldHaveBeen: decision.verdict, args };
    if (decision.verdict === "deny" || decision.hold === undefined || decision.actionDigest === undefined) {
      return { ...base, verdict: "deny" };
    }
    return this.#hold(call, decision, decisionEnvelope, { args, cwd }, options);
  }

  async #hold(
    call: ProposedCall,
    decision: PolicyDecision,
    decisionEnvelope: Envelope,
    { args, cwd }: { args: Record<string, unknown>; cwd: string },
    options: { signal?: AbortSignal; onProgress?: (p: HoldProgress) => void },
  ): Promise<GateResult> {
    const terms = decision.hold!;
    // The hold must carry exactly the inputs of its digest, or no signer could ever check it.
    const shown = { session: this.#p.session, tool: call.tool, args, cwd, level: decision.level };
    if (actionDigest({ ...shown, policyDigest: decision.policyDigest }) !== decision.actionDigest) {
      return {
        verdict: "deny",
        level: decision.level,
        rule: "internal-error",
        reason: "kernel error: the held call does not match its action digest",
        decisionId: decisionEnvelope.id,
      };
    }
    const holdId = newHoldId();
    const createdAt = new Date(this.#p.now()).toISOString();
    const expiresAt = new Date(terms.expiresAt).toISOString();
    const record: HoldRecord = {
      holdId,
      session: this.#p.session,
      actionDigest: decision.actionDigest!,
      level: decision.level,
      createdAt,
      expiresAt,
      open: true,
      approvedBy: [],
      ...(terms.approverKeys !== null ? { approverKeys: terms.approverKeys } : {}),
    };
    const base = { level: decision.level, rule: decision.rule, decisionId: decisionEnvelope.id, holdId };
    let holdEnvelope: Envelope;
    try {
      holdEnvelope = await this.#append({
        kind: "hold",
        sensitivity: "internal",
        parents: [decisionEnvelope.id],
        // Every input of the action digest (its session is the envelope's): whoever is shown this
        // hold can recompute the digest and refuse to sign one that does not match (protocol §5).
        body: {
          holdId: part(holdId),
          actionDigest: part(record.actionDigest),
          tool: part(call.tool),
          ...argParts("args", call.tool, args, this.#p.policy),
          cwd: part(cwd),
          policyDigest: part(decision.policyDigest),
          level: part(record.level),
          rule: part(decision.rule),
          capability: part(decision.capability),
          createdAt: part(createdAt),
          expiresAt: part(expiresAt),
          quorum: part(terms.quorum),
          ...(terms.approverKeys !== null ? { approverKeys: part(terms.approverKeys) } : {}),
        },
      });
    } catch (error) {
      return this.#unrecorded(decision, error);
    }
    this.#p.state.feed(holdEnvelope);
    const resolution = this.#p.holds.open(record, terms.quorum, options.signal);
    const announcement: HoldAnnouncement = {
      holdId,
      session: this.#p.session,
      agent: this.#p.actor.agent,
      tool: call.tool,
      args,
      cwd,
      policyDigest: decision.policyDigest,
      level: decision.level,
      rule: decision.rule,
      reason: decision.reason,
      actionDigest: record.actionDigest,
      createdAt,
      expiresAt,
      quorum: terms.quorum,
    };
    try {
      this.#p.onHold?.(announcement);
    } catch {
      // An announcement hook must never decide anything: a failing one only loses the notice.
    }
    const outcome = await waitWithProgress(
      resolution,
      announcement,
      options.onProgress,
      this.#p.now,
      this.#p.progressEveryMs,
    );
    try {
      await this.#append({
        kind: "grant",
        sensitivity: "internal",
        parents: [holdEnvelope.id],
        body: {
          holdId: part(holdId),
          status: part(outcome.status),
          approvers: part(outcome.approvers),
          decisionIds: part(outcome.decisions.map((d) => `${d.keyId}/${d.nonce}`)),
          decisions: part(outcome.decisions),
        },
      });
    } catch (error) {
      return this.#unrecorded(decision, error, holdId);
    }
    if (outcome.status === "approved") {
      return {
        ...base,
        verdict: "allow",
        reason: `approved by ${outcome.approvers.join(", ")}`,
        args,
      };
    }
    const why = {
      denied: `denied by ${outcome.approvers.join(", ")}`,
      expired: `hold expired at ${expiresAt} without an approval`,
      cancelled: "the call was cancelled while held",
    }[outcome.status];
    return { ...base, verdict: "deny", reason: `${why} (${decision.reason})` };
  }

  /** Applies one decision from the approvals folder (or any transport); records rejections. */
  async applyDecision(raw: unknown): Promise<InboxVerdict> {
    const result = this.#p.holds.apply(raw);
    if (result.ok) return { accepted: true };
    const holdId = (raw as { holdId?: unknown } | null)?.holdId;
    const known = typeof holdId === "string" ? this.#p.state.holds.get(holdId) : undefined;
    await this.#append({
      kind: "grant",
      sensitivity: "internal",
      parents: known ? [known.envelopeId] : [],
      body: {
        holdId: part(typeof holdId === "string" ? holdId.slice(0, 100) : null),
        status: part("rejected"),
        code: part(result.code),
        detail: part(result.detail),
        // Only an id whose signature verified is spent; a forged copy's claimed id is kept apart.
        decisionIds: part(result.spent && result.decisionId ? [result.decisionId] : []),
        ...(!result.spent && result.decisionId ? { claimedDecisionId: part(result.decisionId) } : {}),
      },
    }).catch(() => undefined);
    return { accepted: false, code: result.code, detail: result.detail };
  }

  async recordOutcome(decisionId: string, outcome: ToolOutcome): Promise<{ id: string }> {
    const envelope = await this.#append({
      kind: "outcome",
      sensitivity: "internal",
      parents: [decisionId],
      body: {
        ok: part(outcome.ok),
        result: { value: outcome.content, s: outcome.sensitivity ?? "confidential" },
      },
    });
    return { id: envelope.id };
  }

  /** A belief the agent stated on its own (lodestar_note): the next decision will cite it. */
  async recordBelief(belief: {
    statement: string;
    confidence?: number;
    cites?: string[];
  }): Promise<{ id: string }> {
    const recorded = await this.#belief(belief);
    this.#pendingBeliefs.push(recorded.id);
    return recorded;
  }

  async #belief(belief: {
    statement: string;
    confidence?: number;
    cites?: string[];
  }): Promise<{ id: string }> {
    // Agent-supplied ids: only those that exist in this session become causal links.
    const cites = (belief.cites ?? []).filter((id) => this.#p.state.knownIds.has(id));
    const body: Record<string, PartInput> = { statement: part(belief.statement) };
    if (typeof belief.confidence === "number" && belief.confidence >= 0 && belief.confidence <= 1)
      body.confidence = part(belief.confidence);
    const envelope = await this.#append({ kind: "belief", sensitivity: "internal", parents: cites, body });
    return { id: envelope.id };
  }

  async recordObservation(
    body: Record<string, unknown>,
    sensitivity: Sensitivity = "internal",
    parents: string[] = [],
  ): Promise<{ id: string }> {
    const parts: Record<string, PartInput> = {};
    for (const [name, value] of Object.entries(body)) parts[name] = part(value);
    const envelope = await this.#append({ kind: "observation", sensitivity, parents, body: parts });
    return { id: envelope.id };
  }

  async close(reason = "closed"): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    await this.#p.inbox?.close();
    this.#p.pinnedKeys?.close();
    this.#p.holds.cancelAll();
    // Let cancelled holds record their grants before the session ends.
    await new Promise((resolve) => setImmediate(resolve));
    if (this.#p.writer.state === "open") {
      await this.#append({
        kind: "session.end",
        sensitivity: "internal",
        body: { reason: part(reason) },
      }).catch(() => undefined);
    }
    await this.#p.writer.close();
  }

  /**
   * The ladder is a replay of its events (no hidden state), applied incrementally: each event once,
   * and the state at `now` on demand — the same result as replaying the whole history per call.
   */
  #ladderState(policy: Policy, now: number): LadderState {
    this.#replay ??= new LadderReplay(policy.source.ladder);
    const events = this.#p.ladder.events;
    for (; this.#replayed < events.length; this.#replayed++) this.#replay.apply(events[this.#replayed]!);
    return this.#replay.state(now);
  }

  async #appendAll(inputs: Omit<AppendInput, "actor">[]): Promise<Envelope[]> {
    const envelopes = await this.#p.writer.appendAll(
      inputs.map((input) => ({ ...input, actor: this.#p.actor })),
    );
    for (const envelope of envelopes) {
      this.#p.state.feed(envelope);
      this.#p.ladder.feed(envelope);
    }
    return envelopes;
  }

  async #append(input: Omit<AppendInput, "actor">): Promise<Envelope> {
    const envelope = await this.#p.writer.append({ ...input, actor: this.#p.actor });
    // Holds and grants are read back by other processes (`lodestar holds`, `approve`, a restart)
    // only once a pinned operator checkpoint covers them (readTrustedLog): sign one at once
    // rather than up to checkpoints.everyMs later. They are rare (a human decides each).
    if (input.kind === "hold" || input.kind === "grant") await this.#p.writer.checkpoint();
    this.#p.state.feed(envelope);
    this.#p.ladder.feed(envelope);
    return envelope;
  }

  /** A deny that the log cannot record: no record, no execution. */
  #unrecorded(decision: Pick<PolicyDecision, "level" | "rule">, error: unknown, holdId?: string): GateResult {
    return {
      verdict: "deny",
      level: decision.level,
      rule: "log-unwritable",
      reason: `the log cannot be written (${(error as Error).message}); nothing runs without a record`,
      decisionId: "",
      ...(holdId ? { holdId } : {}),
    };
  }

  /** Fail closed outside the policy: record a deny decision when the log allows, and deny. */
  async #refuse(call: ProposedCall, rule: string, reason: string): Promise<GateResult> {
    try {
      const actionId = createEnvelopeId();
      const [, decision] = (await this.#appendAll([
        {
          kind: "action",
          id: actionId,
          sensitivity: "internal",
          body: { tool: part(call.tool), ...argParts("proposed", call.tool, call.args, this.#p.policy) },
        },
        {
          kind: "decision",
          sensitivity: "internal",
          parents: [actionId],
          body: {
            verdict: part("deny"),
            level: part("L4"),
            rule: part(rule),
            reason: part(reason),
            mode: part("enforce"),
          },
        },
      ])) as [Envelope, Envelope];
      return { verdict: "deny", level: "L4", rule, reason, decisionId: decision.id };
    } catch (error) {
      return this.#unrecorded({ level: "L4", rule }, error);
    }
  }
}
