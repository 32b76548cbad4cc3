import { PolicyError } from "../policy-error.ts";
import type { LadderEvent, Timestamp } from "./ladder-event.ts";

const TYPES = new Set(["model", "hold-approved", "denied", "outcome", "incident", "anomaly"]);
const NEEDS_CAPABILITY = new Set(["hold-approved", "denied", "outcome"]);

/** Events come from a verified log, but a malformed one must stop the replay, not skew a rung. */
export function validateEvent(event: LadderEvent, i: number): void {
  const bad = (why: string): never => {
    throw new PolicyError("invalid-ladder-event", `event ${i}: ${why}`);
  };
  if (event === null || typeof event !== "object") bad("not an object");
  if (!TYPES.has(event.type)) bad(`unknown type ${JSON.stringify(event.type)}`);
  if (typeof event.agent !== "string" || event.agent === "") bad("agent must be a non-empty string");
  if (event.model !== undefined && (typeof event.model !== "string" || event.model === ""))
    bad("model must be a non-empty string");
  const capability = (event as { capability?: unknown }).capability;
  if (NEEDS_CAPABILITY.has(event.type) && (typeof capability !== "string" || capability === ""))
    bad(`${event.type} needs a capability`);
  if (capability !== undefined && typeof capability !== "string") bad("capability must be a string");
  if (event.type === "denied" && event.by !== "approver" && event.by !== "policy")
    bad("denied.by is approver or policy");
  if (event.type === "outcome" && (typeof event.ok !== "boolean" || typeof event.approved !== "boolean"))
    bad("outcome needs ok and approved booleans");
}

export function eventTime(at: Timestamp, i: number): number {
  const t = typeof at === "number" ? at : typeof at === "string" ? Date.parse(at) : Number.NaN;
  if (!Number.isFinite(t))
    throw new PolicyError("invalid-ladder-event", `event ${i}: invalid timestamp ${JSON.stringify(at)}`);
  return t;
}
