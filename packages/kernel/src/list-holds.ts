import type { Envelope } from "@lodestar/envelope";
import { joinArgs } from "@lodestar/protocol";
import type { ActionLevel } from "./gate.ts";
import type { LodestarHome } from "./home/lodestar-home.ts";
import { openValue } from "./open-value.ts";
import type { UntrustedLog } from "./read-trusted-log.ts";
import { replaySessions } from "./replay-sessions.ts";

export interface HoldListing {
  holdId: string;
  session: string;
  agent: string;
  tool: string;
  args: unknown;
  /** Absent in holds recorded by an older Lodestar: such a hold cannot be signed (its digest cannot be recomputed). */
  cwd?: string;
  policyDigest?: string;
  level: ActionLevel;
  rule: string;
  actionDigest: string;
  createdAt: string;
  expiresAt: string;
  quorum: number;
  /** The key names the policy lets approve this hold; absent: any key pinned for its level. */
  approverKeys?: string[];
  /** open: waiting; expired: past its expiry (its kernel resolves it to deny); otherwise the grant status. */
  status: "open" | "expired" | "approved" | "denied" | "abandoned" | "cancelled";
}

function stringPart(
  envelope: Envelope,
  name: "cwd" | "policyDigest",
): { cwd?: string; policyDigest?: string } {
  const value = openValue(envelope, name);
  return typeof value === "string" ? { [name]: value } : {};
}

function approverKeysOf(envelope: Envelope): { approverKeys?: string[] } {
  const value = openValue(envelope, "approverKeys");
  return Array.isArray(value) ? { approverKeys: value.map(String) } : {};
}

/**
 * Every hold in the home's session logs, newest first, read from the logs alone — only from the
 * part of each log a pinned operator checkpoint covers (a planted hold with harmless arguments is
 * never shown). `onUntrusted` receives a report for each log not read, or not read to its end.
 */
export async function listHolds(
  home: LodestarHome,
  now = Date.now(),
  onUntrusted?: (report: UntrustedLog) => void,
): Promise<HoldListing[]> {
  const holds: HoldListing[] = [];
  // Envelope ids are 128-bit random, so one map serves every session.
  const byEnvelope = new Map<string, HoldListing>();
  const untrusted = await replaySessions(home, (envelope) => {
    if (envelope.kind === "hold") {
      const listing: HoldListing = {
        holdId: String(openValue(envelope, "holdId")),
        session: envelope.session,
        agent: envelope.actor.agent,
        tool: String(openValue(envelope, "tool")),
        // Raised arguments live in their own `args.<name>` parts (ADR 0020): join them back.
        args: joinArgs(envelope.body, "args").args,
        ...stringPart(envelope, "cwd"),
        ...stringPart(envelope, "policyDigest"),
        level: openValue(envelope, "level") as ActionLevel,
        rule: String(openValue(envelope, "rule")),
        actionDigest: String(openValue(envelope, "actionDigest")),
        createdAt: String(openValue(envelope, "createdAt")),
        expiresAt: String(openValue(envelope, "expiresAt")),
        quorum: Number(openValue(envelope, "quorum") ?? 1),
        ...approverKeysOf(envelope),
        status: "open",
      };
      byEnvelope.set(envelope.id, listing);
      holds.push(listing);
    } else if (envelope.kind === "grant") {
      const listing = byEnvelope.get(envelope.parents[0] ?? "");
      const status = openValue(envelope, "status");
      if (listing !== undefined && status !== "rejected") listing.status = status as HoldListing["status"];
    }
  });
  for (const u of untrusted) onUntrusted?.(u);
  for (const h of holds) if (h.status === "open" && Date.parse(h.expiresAt) < now) h.status = "expired";
  return holds.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}
