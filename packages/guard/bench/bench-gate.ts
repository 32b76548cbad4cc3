import { createHash, randomUUID } from "node:crypto";
import type { Gate, GateResult, ToolOutcome } from "@lodestar/kernel";

/**
 * An always-allow gate that does the CPU work a real gate does per call, minus I/O: canonical JSON of
 * the proposed call, a SHA-256 action digest, a decision id, the decision serialized as the NDJSON
 * line a log writer would append; and for the outcome, canonical JSON and a SHA-256 commitment of
 * the result, serialized the same way. Lines go to a small ring (a group-commit buffer), not to
 * disk. The lead swaps the real kernel in here to measure it.
 */
export function benchGate(): Gate {
  const ring: string[] = new Array(256).fill("");
  let next = 0;
  const keep = (record: unknown): void => {
    ring[next] = JSON.stringify(record);
    next = (next + 1) % ring.length;
  };
  return {
    visibility: () => "listed",
    async evaluate(call) {
      const digest = sha256(`lodestar.action.v1\n${canonical({ tool: call.tool, args: call.args })}`);
      const result: GateResult = {
        verdict: "allow",
        level: "L1",
        rule: "bench.allow-all",
        reason: "bench gate allows everything",
        decisionId: randomUUID(),
      };
      keep({ kind: "decision", ts: new Date().toISOString(), digest, ...result });
      return result;
    },
    async recordOutcome(decisionId: string, outcome: ToolOutcome) {
      const id = randomUUID();
      const salt = randomUUID();
      keep({ kind: "outcome", id, decisionId, ok: outcome.ok, c: sha256(salt + canonical(outcome.content)) });
      return { id };
    },
    async recordBelief(belief) {
      const id = randomUUID();
      keep({ kind: "belief", id, c: sha256(canonical(belief)) });
      return { id };
    },
  };
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** Sorted-key JSON (RFC 8785-like for the data a tool call carries). */
function canonical(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
}
