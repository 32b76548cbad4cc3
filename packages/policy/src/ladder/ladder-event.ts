/** Epoch milliseconds or an ISO-8601 string (envelope `ts`). */
export type Timestamp = number | string;

interface EventBase {
  agent: string;
  at: Timestamp;
  /** The model behind the agent when this happened; a change resets the agent's rungs. */
  model?: string;
}

/**
 * The ladder's input, projected from the log in log order. Nothing else feeds the rung: it is a
 * pure function of these events, the thresholds and `now`.
 */
export type LadderEvent =
  /** A session started with this model. */
  | (EventBase & { type: "model"; model: string })
  /** A human approved a hold for this capability. */
  | (EventBase & { type: "hold-approved"; capability: string })
  /** A call was denied: by an approver (counts against the approval rate) or by the policy. */
  | (EventBase & { type: "denied"; capability: string; by: "approver" | "policy" })
  /** A call ran; `approved` when it ran under a human approval. */
  | (EventBase & { type: "outcome"; capability: string; ok: boolean; approved: boolean })
  /** An operator flagged harm; without a capability it concerns the whole agent. */
  | (EventBase & { type: "incident"; capability?: string; note?: string })
  /** Misbehaviour the kernel detected (e.g. hold flooding); without a capability, agent-wide. */
  | (EventBase & { type: "anomaly"; capability?: string; kind: string });

export interface RungEvidence {
  approvedOutcomes: number;
  approvals: number;
  denials: number;
  /** approvals / (approvals + approver denials); null when no human decided yet. */
  approvalRate: number | null;
  incidents: number;
  anomalies: number;
  /** Days since this rung was entered (the evidence window). */
  days: number;
}

export interface CapabilityRung {
  agent: string;
  capability: string;
  rung: number;
  model: string | null;
  /** Epoch ms when the current rung (and its evidence window) began. */
  since: number;
  evidence: RungEvidence;
  /** Every rung change, oldest first, each with its evidence or trigger. */
  reasons: string[];
  /** What the next promotion still needs; null at the top rung. */
  next: string | null;
}

export interface LadderState {
  capabilities: CapabilityRung[];
  /** Rung a capability not yet seen starts at, per agent (agent-wide demotions lower it). */
  agents: { agent: string; model: string | null; startRung: number }[];
  /** Rung for an agent never seen. */
  initialRung: number;
}
