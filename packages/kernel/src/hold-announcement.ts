import type { HoldRecord } from "@lodestar/protocol";
import type { HoldProgress } from "./gate.ts";
import type { HoldResolution } from "./hold-book.ts";

/**
 * Announced when a hold opens: the hook the control plane (and the CLI's stderr) uses. It carries
 * every input of the action digest, so a signer recomputes the digest from what it shows
 * (createDecision refuses a mismatch). A redacted announcement may hide an argument above its
 * ceiling; the digest stays over the literal value, so a device that cannot see it cannot sign.
 */
export interface HoldAnnouncement {
  holdId: string;
  session: string;
  agent: string;
  tool: string;
  /** The resolved arguments that will run: the literal values the action digest binds. */
  args: Record<string, unknown>;
  /** Working directory and policy digest: with session, tool, args and level, every input of the digest. */
  cwd: string;
  policyDigest: string;
  level: HoldRecord["level"];
  rule: string;
  reason: string;
  actionDigest: string;
  createdAt: string;
  expiresAt: string;
  quorum: number;
}

/**
 * Waits for a hold's resolution, telling the caller how long is left every `everyMs` (MCP clients
 * reset their request timeout on progress, so a hold can outlast it).
 */
export async function waitWithProgress(
  resolution: Promise<HoldResolution>,
  a: HoldAnnouncement,
  onProgress: ((p: HoldProgress) => void) | undefined,
  now: () => number,
  everyMs: number,
): Promise<HoldResolution> {
  if (onProgress === undefined) return resolution;
  const tick = () => {
    const left = Math.max(0, Math.round((Date.parse(a.expiresAt) - now()) / 1000));
    onProgress({
      holdId: a.holdId,
      level: a.level,
      expiresAt: a.expiresAt,
      message: `waiting for approval of ${a.tool} (${a.level}, rule ${a.rule}); ${left}s left`,
    });
  };
  tick();
  const timer = setInterval(tick, everyMs);
  try {
    return await resolution;
  } finally {
    clearInterval(timer);
  }
}
