import type { ActionLevel, GateResult } from "@lodestar/kernel";

/**
 * Why the guard refused to run a call:
 * - `denied`: the policy said no outright;
 * - `hold-denied`: the call was held and the hold resolved to deny (an approver said no, or it expired);
 * - `cancelled`: the caller gave up (its AbortSignal fired) before the tool ran.
 */
export type GuardDenialCode = "denied" | "hold-denied" | "cancelled";

/** Thrown by `guard.call` when the tool did not run. Carries the kernel's level, rule and reason. */
export class GuardDeniedError extends Error {
  override readonly name = "GuardDeniedError";
  readonly code: GuardDenialCode;
  readonly tool: string;
  readonly level: ActionLevel;
  readonly rule: string;
  readonly reason: string;
  readonly decisionId: string;
  readonly holdId: string | undefined;

  constructor(code: GuardDenialCode, tool: string, result: GateResult, options?: { cause?: unknown }) {
    super(denialSentence(code, tool, result), options);
    this.code = code;
    this.tool = tool;
    this.level = result.level;
    this.rule = result.rule;
    this.reason = result.reason;
    this.decisionId = result.decisionId;
    this.holdId = result.holdId;
  }
}

export type ProxyErrorCode = "upstream-connect-failed" | "upstream-closed" | "task-calls-unsupported";

/** A failure of the proxy itself (not a policy decision). */
export class ProxyError extends Error {
  override readonly name = "ProxyError";
  readonly code: ProxyErrorCode;

  constructor(code: ProxyErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** Classifies a refusal; shared by the proxy and the library so both tell the agent the same thing. */
export function denialCode(result: GateResult, signal: AbortSignal | undefined): GuardDenialCode {
  if (signal?.aborted) return "cancelled";
  return result.holdId === undefined ? "denied" : "hold-denied";
}

/** One sentence an agent (or a human reading its transcript) can act on. */
export function denialSentence(code: GuardDenialCode, tool: string, result: GateResult): string {
  const what =
    code === "cancelled"
      ? `Lodestar did not run "${tool}": the call was cancelled before it ran`
      : code === "hold-denied"
        ? `Lodestar denied "${tool}" after holding it for approval (hold ${result.holdId})`
        : `Lodestar denied "${tool}"`;
  return `${what}. Level ${result.level}, rule "${result.rule}": ${result.reason}`;
}
