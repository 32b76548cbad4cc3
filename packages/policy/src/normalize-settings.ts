import { durationMs } from "./duration.ts";
import { type ActionLevel, LEVELS } from "./levels.ts";
import { type Locate, raise } from "./locate.ts";
import type { PolicyFile } from "./policy-schema.ts";
import type { ApprovalsSpec, ApproverSpec, LadderConfig } from "./policy-source.ts";

export const DEFAULT_HOLD_TTL_MS = 5 * 60_000;

export const DEFAULT_LADDER: LadderConfig = {
  initialRung: 2,
  maxRung: 3,
  promotion: { minApprovedOutcomes: 20, minApprovalRate: 0.95, minDays: 7 },
  demotion: { deny: 1, incident: 3, anomaly: 1 },
};

export function normalizeApprovals(input: PolicyFile["approvals"], locate: Locate): ApprovalsSpec {
  const ttl = input?.holdTtl ?? {};
  const approvers = input?.approvers ?? {};
  const holdTtlMs = {} as Record<ActionLevel, number>;
  const approverSpecs = {} as Record<ActionLevel, ApproverSpec>;
  for (const level of LEVELS) {
    const t = ttl[level] ?? ttl.default;
    holdTtlMs[level] = t === undefined ? DEFAULT_HOLD_TTL_MS : durationMs(t);
    const field = approvers[level] !== undefined ? level : "default";
    approverSpecs[level] = approverSpec(approvers[level] ?? approvers.default, locate, [
      "approvals",
      "approvers",
      field,
    ]);
  }
  const rate = input?.rateLimit;
  return {
    selfApproval: input?.selfApproval ?? false,
    holdTtlMs,
    approvers: approverSpecs,
    rateLimit:
      rate === undefined
        ? { maxHolds: 10, windowMs: 10 * 60_000 }
        : { maxHolds: rate.maxHolds, windowMs: durationMs(rate.window) },
  };
}

type ApproverInput = NonNullable<NonNullable<NonNullable<PolicyFile["approvals"]>["approvers"]>["L4"]>;

function approverSpec(
  input: ApproverInput | undefined,
  locate: Locate,
  path: (string | number)[],
): ApproverSpec {
  if (input === undefined) return { quorum: 1 };
  const keys = Array.isArray(input) ? input : input.keys;
  const quorum = Array.isArray(input) ? 1 : (input.quorum ?? 1);
  if (keys !== undefined) {
    const seen = new Set<string>();
    keys.forEach((key, i) => {
      if (seen.has(key))
        raise(locate, "invalid-field", `approver key ${JSON.stringify(key)} is listed twice`, [
          ...path,
          ...(Array.isArray(input) ? [i] : ["keys", i]),
        ]);
      seen.add(key);
    });
    if (quorum > keys.length) {
      raise(locate, "invalid-field", `quorum ${quorum} exceeds the ${keys.length} listed approver keys`, [
        ...path,
        "quorum",
      ]);
    }
    return { keys: [...keys], quorum };
  }
  return { quorum };
}

export function normalizeLadder(input: PolicyFile["ladder"], locate: Locate): LadderConfig {
  const d = DEFAULT_LADDER;
  const ladder: LadderConfig = {
    initialRung: input?.initialRung ?? d.initialRung,
    maxRung: input?.maxRung ?? d.maxRung,
    promotion: { ...d.promotion, ...stripUndefined(input?.promotion) },
    demotion: { ...d.demotion, ...stripUndefined(input?.demotion) },
  };
  if (ladder.initialRung > ladder.maxRung) {
    raise(locate, "invalid-field", `initialRung ${ladder.initialRung} is above maxRung ${ladder.maxRung}`, [
      "ladder",
      "initialRung",
    ]);
  }
  return ladder;
}

function stripUndefined<T extends object>(value: T | undefined): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(value ?? {}))
    if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}
