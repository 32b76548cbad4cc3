import type { Gate, GateResult, ProposedCall } from "@lodestar/kernel";
import { type CallToolRequest, ErrorCode, McpError, type Result } from "@modelcontextprotocol/sdk/types.js";
import { parseRationale } from "../belief.ts";
import { denialCode, denialSentence } from "../errors.ts";
import { errorContent, evaluateClosed, recordOutcomeReported } from "../gated-outcome.ts";
import {
  type ForwardOptions,
  forwardRequest,
  type HandlerContext,
  progressTokenOf,
  type SendRequest,
} from "./forward.ts";
import { holdProgressReporter } from "./hold-progress.ts";
import { callNoteTool, NOTE_TOOL_NAME } from "./note-tool.ts";

export interface CallToolDeps {
  gate: Gate;
  /** Undefined when the upstream declared no tools capability. */
  sendUpstream: SendRequest | undefined;
  forward: ForwardOptions;
  holdHeartbeatMs: number;
  onError: (error: Error) => void;
}

/**
 * The governed path. Every proposed call, listed or not, goes through `gate.evaluate` before
 * anything is sent upstream (threat: an agent calling a hidden CRITICAL tool by name anyway).
 */
export async function callTool(
  deps: CallToolDeps,
  request: CallToolRequest,
  context: HandlerContext,
): Promise<Result> {
  const { gate, onError } = deps;
  const { name, arguments: args = {}, _meta } = request.params;
  if (name === NOTE_TOOL_NAME) return callNoteTool(gate, args);
  // A task-augmented call returns before the tool finishes, so its outcome could not be recorded.
  if ("task" in request.params && request.params.task !== undefined) {
    throw new McpError(ErrorCode.InvalidRequest, "Lodestar: task-augmented tools/call is not supported");
  }
  const rationale = parseRationale(_meta?.["lodestar"]);
  if (!rationale.ok)
    throw new McpError(ErrorCode.InvalidParams, `Lodestar: invalid _meta.lodestar: ${rationale.message}`);

  const proposed: ProposedCall = { tool: name, args };
  if (rationale.rationale !== undefined) proposed.rationale = rationale.rationale;
  const reporter = holdProgressReporter(
    progressTokenOf(request),
    context.sendNotification,
    deps.holdHeartbeatMs,
    onError,
  );
  let decision: GateResult;
  try {
    decision = await evaluateClosed(
      gate,
      proposed,
      { signal: context.signal, ...(reporter.onProgress && { onProgress: reporter.onProgress }) },
      onError,
    );
  } finally {
    reporter.stop();
  }

  if (decision.verdict === "deny" || context.signal.aborted) {
    // Allowed, but the agent cancelled while it waited: nothing is forwarded, and the log says so.
    if (decision.verdict === "allow") {
      const notRun = {
        error: { name: "Cancelled", message: "cancelled by the client before it was forwarded" },
      };
      await recordOutcomeReported(gate, decision.decisionId, { ok: false, content: notRun }, onError);
    }
    return deniedResult(name, decision, context.signal);
  }

  // Run what the gate allowed: its constrained arguments when it rewrote them.
  const params = { ...request.params, arguments: decision.args ?? args };
  const meta = withoutLodestar(_meta);
  if (meta === undefined) delete params._meta;
  else params._meta = meta;

  let result: Result;
  try {
    if (deps.sendUpstream === undefined) {
      throw new McpError(ErrorCode.MethodNotFound, "the upstream server declares no tools");
    }
    result = await forwardRequest(deps.sendUpstream, { method: "tools/call", params }, context, {
      ...deps.forward,
      progressOffset: reporter.sent,
    });
  } catch (error) {
    await recordOutcomeReported(
      gate,
      decision.decisionId,
      { ok: false, content: errorContent(error) },
      onError,
    );
    throw error;
  }
  const outcomeId = await recordOutcomeReported(
    gate,
    decision.decisionId,
    { ok: result["isError"] !== true, content: result },
    onError,
  );
  // Overwrites any `_meta.lodestar` the upstream set: it must not speak for the guard to the agent.
  return { ...result, _meta: { ...result._meta, lodestar: lodestarMeta(decision, outcomeId) } };
}

function deniedResult(tool: string, decision: GateResult, signal: AbortSignal): Result {
  const code = denialCode(decision, signal);
  return {
    isError: true,
    content: [{ type: "text", text: denialSentence(code, tool, decision) }],
    _meta: { lodestar: { ...lodestarMeta(decision, undefined), code, reason: decision.reason } },
  };
}

function lodestarMeta(decision: GateResult, outcomeId: string | undefined): Record<string, unknown> {
  return {
    decisionId: decision.decisionId,
    verdict: decision.verdict,
    level: decision.level,
    rule: decision.rule,
    ...(decision.holdId !== undefined && { holdId: decision.holdId }),
    ...(decision.wouldHaveBeen !== undefined && { wouldHaveBeen: decision.wouldHaveBeen }),
    ...(outcomeId !== undefined && { outcomeId }),
  };
}

/** The rationale is for the guard; the tool server does not get the agent's reasoning. */
function withoutLodestar(meta: CallToolRequest["params"]["_meta"]): CallToolRequest["params"]["_meta"] {
  if (meta === undefined) return undefined;
  const { lodestar: _rationale, ...rest } = meta;
  return Object.keys(rest).length === 0 ? undefined : rest;
}
