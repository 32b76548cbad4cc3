import { stat } from "node:fs/promises";
import { fromBase64Url, type PinnedKeySet, publicKeyOf } from "@lodestar/crypto";
import { loadPinnedKeys, readSecretKeyFile } from "@lodestar/crypto/node";
import { openLogWriter } from "@lodestar/log";
import { loadPolicyFile, type Policy } from "@lodestar/policy";
import type { TrustedKey } from "@lodestar/protocol";
import { ApprovalsInbox } from "./approvals-inbox.ts";
import type { ActionLevel } from "./gate.ts";
import type { HoldAnnouncement } from "./hold-announcement.ts";
import { HoldBook } from "./hold-book.ts";
import type { LodestarHome } from "./home/lodestar-home.ts";
import { protectedAnchorsOf } from "./home/protected-anchors-of.ts";
import { Kernel } from "./kernel.ts";
import { KernelError } from "./kernel-error.ts";
import { LadderProjection } from "./ladder-projection.ts";
import { LivePinnedKeys } from "./live-pinned-keys.ts";
import type { UntrustedLog } from "./read-trusted-log.ts";
import { replaySessions } from "./replay-sessions.ts";
import { SessionState } from "./session-state.ts";

export interface OpenKernelOptions {
  home: LodestarHome;
  session: string;
  agent: string;
  model?: string;
  /** Overrides config `mcp.allowHigh` (LODESTAR_MCP_ALLOW_HIGH). */
  allowHigh?: boolean;
  onHold?: (announcement: HoldAnnouncement) => void;
  /** Warnings that do not stop the kernel (an unreadable other session's log, …). */
  onWarning?: (message: string) => void;
  /** Watch the approvals folder (default true). */
  watchApprovals?: boolean;
  progressEveryMs?: number;
}

export function trustedKeysOf(set: PinnedKeySet): (keyId: string) => TrustedKey | undefined {
  const byId = new Map<string, TrustedKey>();
  for (const k of set.keys) {
    byId.set(k.keyId, {
      name: k.name,
      keyId: k.keyId,
      publicKey: fromBase64Url(k.publicKey),
      levels: k.levels as readonly ActionLevel[],
      role: k.role,
      revoked: k.revokedAt !== undefined,
    });
  }
  return (keyId) => byId.get(keyId);
}

/**
 * Opens the kernel of one session: loads the policy (a broken policy still opens a kernel, one
 * that denies everything), the pinned keys and the operator key, replays every session log for the
 * trust ladder and this session's log for its holds and spent decisions, opens the writer,
 * resolves holds left open by a previous process to deny, and starts watching for decisions.
 */
export async function openKernel(options: OpenKernelOptions): Promise<Kernel> {
  const { home, session } = options;
  const warn = options.onWarning ?? (() => undefined);
  let policy: Policy | undefined;
  let policyProblem: string | undefined;
  try {
    policy = await loadPolicyFile(home.policyFile);
  } catch (error) {
    policyProblem = (error as Error).message;
  }
  // Loaded once up front so a broken file stops the start with its own clear error.
  await loadPinnedKeys(home.pinnedKeysFile);
  const operatorKey = await readSecretKeyFile(home.keyFile(home.config.operator.key));
  // Read again at every verification: a revoke reaches a running guard and its open holds.
  const pinnedKeys = new LivePinnedKeys(home.pinnedKeysFile, publicKeyOf(operatorKey.secretKey), warn);
  const file = home.sessionFile(session);
  const state = new SessionState();
  // Approvals count on the ladder only if they verify under the keys pinned now (fail closed).
  const ladder = new LadderProjection((keyId) => {
    try {
      return pinnedKeys.current().findKey(keyId);
    } catch {
      return undefined;
    }
  });
  // Only logs a pinned operator checkpoint covers are read; a planted file is reported, not fatal.
  const untrusted = await replaySessions(home, (envelope, from) => {
    ladder.feed(envelope);
    if (from === file) state.feed(envelope);
  });
  for (const u of untrusted) warn(u.message);
  await refuseUntrustedOwnLog(untrusted, file, session);
  // The writer checks the checkpoints already in this session's log when it opens: against the
  // keys of this moment.
  const keysAtOpen = pinnedKeys.current();
  const trustedOperatorKey = (keyId: string) => {
    const key = keysAtOpen.findKey(keyId);
    return key !== undefined && key.role === "operator" && !key.revoked ? key.publicKey : undefined;
  };
  const writer = await openLogWriter({
    file,
    session,
    operatorKey,
    checkpoint: home.config.checkpoints,
    trustedKeys: trustedOperatorKey,
  });
  const holds = new HoldBook({
    keys: () => pinnedKeys.current(),
    selfApproval: policy?.source.approvals.selfApproval ?? false,
  });
  for (const id of state.usedDecisionIds) holds.markUsed(id);
  const actor = {
    agent: options.agent,
    operator: home.config.operator.name,
    ...(options.model ? { model: options.model } : {}),
  };
  const kernel = new Kernel({
    session,
    actor,
    workspace: home.workspace,
    protectedAnchors: protectedAnchorsOf(home),
    policy,
    policyProblem,
    allowHigh: options.allowHigh ?? home.config.mcp.allowHigh,
    writer,
    holds,
    state,
    ladder,
    inbox: undefined,
    pinnedKeys,
    onHold: options.onHold,
    now: Date.now,
    progressEveryMs: options.progressEveryMs ?? 1000,
  });
  await kernel.recordStart({
    mode: policy?.mode ?? "enforce",
    policyDigest: policy?.digest ?? null,
    policyProblem: policyProblem ?? null,
    resumed: state.knownIds.size > 0,
  });
  // A hold that was open when the previous process died is never revived: it resolves to deny.
  for (const dangling of state.openHolds()) {
    await kernel.abandonHold(dangling.record.holdId, dangling.envelopeId);
  }
  for (const h of state.holds.values()) holds.markClosed(h.record);
  pinnedKeys.watch();
  if (options.watchApprovals !== false) {
    const inbox = new ApprovalsInbox({
      dir: home.approvalsDir,
      owns: (s) => s === session,
      handle: (decision) => kernel.applyDecision(decision),
      onMalformed: async (path, detail) => {
        await kernel.recordObservation({ source: "approvals", file: path, rejected: "malformed", detail });
      },
      pollMs: home.config.approvals.pollMs,
    });
    kernel.attachInbox(inbox);
    await inbox.start();
  }
  return kernel;
}

/**
 * The writer would extend this session's log and its next checkpoint would vouch for everything
 * in it. Threat (threats.md): a log planted under the name of a session not started yet (valid
 * hashes, no operator checkpoint) would be signed into trust that way. So a non-empty own log that
 * no pinned checkpoint covers at all, or that fails verification, stops the start. An uncovered
 * tail after a covered prefix (a writer killed between checkpoints) is resumed, with a warning.
 */
async function refuseUntrustedOwnLog(
  untrusted: UntrustedLog[],
  file: string,
  session: string,
): Promise<void> {
  const own = untrusted.find((u) => u.file === file);
  if (own === undefined || own.code === "uncovered") return;
  // A writer killed right after creating its file leaves it empty: nothing to vouch for.
  if (own.code === "no-checkpoint" && (await stat(file)).size === 0) return;
  throw new KernelError(
    "session-log-untrusted",
    `${own.message}; the guard will not extend it: check it with \`lodestar verify ${session}\`, move it aside, or use another session name`,
  );
}
