import type { Gate, HoldProgress, ProposedCall, Sensitivity } from "@lodestar/kernel";
import { dropUndefined, noteArgumentsSchema, parseRationale } from "../belief.ts";
import { denialCode, GuardDeniedError } from "../errors.ts";
import { errorContent, evaluateClosed, recordOutcomeReported } from "../gated-outcome.ts";

export interface GuardCallOptions {
  /** Why the agent wants this call; recorded by the kernel as a belief. */
  rationale?: ProposedCall["rationale"];
  /** Aborts a wait on a hold; the tool then does not run. */
  signal?: AbortSignal;
  /** Told when the call is held, while a human decides. */
  onProgress?: (progress: HoldProgress) => void;
  /** Sensitivity of the tool's result, for redaction in the log. */
  sensitivity?: Sensitivity;
}

export interface GuardOptions {
  /** Reports failures that must not change a call's result (an outcome that could not be recorded). */
  onError?: (error: Error) => void;
}

export interface Guard {
  /**
   * Runs `run` only if the gate allows the call, with the gate's (possibly constrained) arguments,
   * records its outcome (its value, or the error it threw) and returns its value. Throws
   * `GuardDeniedError` when the call does not run; rethrows `run`'s own error after recording it.
   */
  call<T>(
    tool: string,
    args: Record<string, unknown>,
    run: (args: Record<string, unknown>) => Promise<T>,
    options?: GuardCallOptions,
  ): Promise<T>;
  /** States a belief (the library twin of the proxy's lodestar_note). */
  note(belief: { statement: string; confidence: number; cites?: string[] }): Promise<{ id: string }>;
}

/** The in-process guard, for agents that call their tools themselves rather than over MCP. */
export function createGuard(gate: Gate, guardOptions: GuardOptions = {}): Guard {
  const onError =
    guardOptions.onError ?? ((error: Error) => process.stderr.write(`lodestar guard: ${error.message}\n`));

  return {
    async call<T>(
      tool: string,
      args: Record<string, unknown>,
      run: (args: Record<string, unknown>) => Promise<T>,
      options: GuardCallOptions = {},
    ): Promise<T> {
      const proposed: ProposedCall = { tool, args };
      if (options.rationale !== undefined) {
        // Same bounds as the proxy's `_meta.lodestar`: the rationale is agent-authored text.
        const parsed = parseRationale(options.rationale);
        if (!parsed.ok) throw new TypeError(`guard.call: invalid rationale: ${parsed.message}`);
        if (parsed.rationale !== undefined) proposed.rationale = parsed.rationale;
      }
      const { signal, onProgress } = options;
      const decision = await evaluateClosed(
        gate,
        proposed,
        { ...(signal !== undefined && { signal }), ...(onProgress !== undefined && { onProgress }) },
        onError,
      );
      if (decision.verdict === "deny")
        throw new GuardDeniedError(denialCode(decision, signal), tool, decision);
      if (signal?.aborted) {
        const notRun = { error: { name: "Cancelled", message: "cancelled by the caller before it ran" } };
        await recordOutcomeReported(gate, decision.decisionId, { ok: false, content: notRun }, onError);
        throw new GuardDeniedError("cancelled", tool, decision, { cause: signal.reason });
      }

      const sensitivity = options.sensitivity !== undefined ? { sensitivity: options.sensitivity } : {};
      let value: T;
      try {
        value = await run(decision.args ?? args);
      } catch (error) {
        await recordOutcomeReported(
          gate,
          decision.decisionId,
          { ok: false, content: errorContent(error), ...sensitivity },
          onError,
        );
        throw error;
      }
      await recordOutcomeReported(
        gate,
        decision.decisionId,
        { ok: true, content: value, ...sensitivity },
        onError,
      );
      return value;
    },

    async note(belief) {
      const parsed = noteArgumentsSchema.safeParse(belief);
      if (!parsed.success) throw new TypeError(`guard.note: invalid belief: ${parsed.error.message}`);
      return gate.recordBelief(dropUndefined(parsed.data));
    },
  };
}
