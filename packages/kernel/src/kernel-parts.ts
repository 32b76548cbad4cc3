import type { Actor } from "@lodestar/envelope";
import type { LogWriter } from "@lodestar/log";
import type { Policy, ProtectedAnchors } from "@lodestar/policy";
import type { ApprovalsInbox } from "./approvals-inbox.ts";
import type { HoldAnnouncement } from "./hold-announcement.ts";
import type { HoldBook } from "./hold-book.ts";
import type { LadderProjection } from "./ladder-projection.ts";
import type { LivePinnedKeys } from "./live-pinned-keys.ts";
import type { SessionState } from "./session-state.ts";

/** What a kernel is made of; openKernel assembles it from a Lodestar folder. */
export interface KernelParts {
  session: string;
  actor: Actor;
  workspace: string;
  /** Lodestar's own files, out of every call's reach (the policy's built-in protected-anchor rule). */
  protectedAnchors: ProtectedAnchors;
  /** Undefined when the policy could not be loaded: then every call is denied (fail closed). */
  policy: Policy | undefined;
  policyProblem: string | undefined;
  allowHigh: boolean;
  writer: LogWriter;
  holds: HoldBook;
  state: SessionState;
  ladder: LadderProjection;
  inbox: ApprovalsInbox | undefined;
  /** Pinned keys re-read at every verification; its watcher stops when the kernel closes. */
  pinnedKeys?: LivePinnedKeys;
  onHold: ((announcement: HoldAnnouncement) => void) | undefined;
  now: () => number;
  progressEveryMs: number;
}
