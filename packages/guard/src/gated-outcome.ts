import type { Gate, GateResult, ToolOutcome } from "@lodestar/kernel";

/**
 * Evaluates through the gate. The contract says `evaluate` never throws (errors deny); if an
 * implementation breaks it anyway, the guard still fails closed rather than running the tool.
 */
export async function evaluateClosed(
  gate: Gate,
  call: Parameters<Gate["evaluate"]>[0],
  options: Parameters<Gate["evaluate"]>[1],
  onError: (error: Error) => void,
): Promise<GateResult> {
  try {
    return await gate.evaluate(call, options);
  } catch (error) {
    onError(asError(error));
    return {
      verdict: "deny",
      level: "L4",
      rule: "guard.gate-failed",
      reason: `the policy gate failed, so the call is refused: ${asError(error).message}`,
      decisionId: "none",
    };
  }
}

/**
 * Records what happened after an allow. A failure to record cannot un-run the tool, so it is
 * reported (and the kernel, which owns the log, fails closed for what comes next) instead of
 * hiding the tool's result from its caller.
 */
export async function recordOutcomeReported(
  gate: Gate,
  decisionId: string,
  outcome: ToolOutcome,
  onError: (error: Error) => void,
): Promise<string | undefined> {
  try {
    const { id } = await gate.recordOutcome(decisionId, outcome);
    return id;
  } catch (error) {
    onError(new Error(`outcome of decision ${decisionId} was not recorded: ${asError(error).message}`));
    return undefined;
  }
}

/** How an error is stored as an outcome's content: plain data, no stack (it may hold local paths). */
export function errorContent(error: unknown): { error: { name: string; message: string; code?: unknown } } {
  const e = asError(error);
  const code = (e as { code?: unknown }).code;
  return { error: { name: e.name, message: e.message, ...(code !== undefined && { code }) } };
}

export function asError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}
