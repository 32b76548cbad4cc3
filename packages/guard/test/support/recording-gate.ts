import type { Gate, GateResult, HoldProgress, ProposedCall, ToolOutcome } from "@lodestar/kernel";

export interface RecordedEvaluation {
  call: ProposedCall;
  result: GateResult;
  progress: HoldProgress[];
  /** Whether the signal the guard passed had fired by the time the gate answered. */
  signalAborted: boolean;
  startedAt: number;
  settledAt: number;
}

/**
 * Wraps any Gate and records what the guard asked of it, through the Gate interface only, so the
 * tests observe the guard the same way whichever gate (table or real kernel) sits behind it.
 */
export interface RecordingGate extends Gate {
  readonly evaluations: RecordedEvaluation[];
  readonly outcomes: Array<{ decisionId: string; outcome: ToolOutcome; id: string }>;
  readonly beliefs: Array<{ belief: Parameters<Gate["recordBelief"]>[0]; id: string }>;
  /** Calls to evaluate that have started and not yet answered. */
  pending(): number;
}

export function recordingGate(inner: Gate): RecordingGate {
  const evaluations: RecordedEvaluation[] = [];
  const outcomes: RecordingGate["outcomes"] = [];
  const beliefs: RecordingGate["beliefs"] = [];
  let pending = 0;
  return {
    evaluations,
    outcomes,
    beliefs,
    pending: () => pending,
    visibility: (tool) => inner.visibility(tool),
    async evaluate(call, options = {}) {
      const startedAt = Date.now();
      const progress: HoldProgress[] = [];
      pending += 1;
      try {
        const result = await inner.evaluate(call, {
          ...(options.signal !== undefined && { signal: options.signal }),
          onProgress: (p) => {
            progress.push(p);
            options.onProgress?.(p);
          },
        });
        const signalAborted = options.signal?.aborted ?? false;
        evaluations.push({ call, result, progress, signalAborted, startedAt, settledAt: Date.now() });
        return result;
      } finally {
        pending -= 1;
      }
    },
    async recordOutcome(decisionId, outcome) {
      const { id } = await inner.recordOutcome(decisionId, outcome);
      outcomes.push({ decisionId, outcome, id });
      return { id };
    },
    async recordBelief(belief) {
      const { id } = await inner.recordBelief(belief);
      beliefs.push({ belief, id });
      return { id };
    },
  };
}
