export type { InboxVerdict } from "./approvals-inbox.ts";
export { ApprovalsInbox } from "./approvals-inbox.ts";
export { writeDecisionFile } from "./decision-file.ts";
export type {
  ActionLevel,
  Gate,
  GateResult,
  HoldProgress,
  ProposedCall,
  Sensitivity,
  ToolOutcome,
  ToolRisk,
  Verdict,
} from "./gate.ts";
export type { HoldAnnouncement } from "./hold-announcement.ts";
export type { HoldResolution, HoldStatus } from "./hold-book.ts";
export { HoldBook } from "./hold-book.ts";
export type { LodestarConfig } from "./home/lodestar-config.ts";
export { lodestarConfigSchema } from "./home/lodestar-config.ts";
export type { LodestarHome } from "./home/lodestar-home.ts";
export { assertSessionName, findHomeRoot, HOME_DIR_NAME, homePaths, loadHome } from "./home/lodestar-home.ts";
export { protectedAnchorsOf } from "./home/protected-anchors-of.ts";
export type { YamlIssue } from "./home/yaml-fields.ts";
export { formatYamlIssues, parseYamlWith } from "./home/yaml-fields.ts";
export { Kernel } from "./kernel.ts";
export type { KernelErrorCode } from "./kernel-error.ts";
export { KernelError } from "./kernel-error.ts";
export { LadderProjection } from "./ladder-projection.ts";
export type { HoldListing } from "./list-holds.ts";
export { listHolds } from "./list-holds.ts";
export { LivePinnedKeys, type PinnedKeyView } from "./live-pinned-keys.ts";
export type { OpenKernelOptions } from "./open-kernel.ts";
export { openKernel, trustedKeysOf } from "./open-kernel.ts";
export { projectLadder } from "./project-ladder.ts";
export { readTrustedLog, type UntrustedLog, type UntrustedLogCode } from "./read-trusted-log.ts";
export { pinnedOperatorKeys, replaySessions } from "./replay-sessions.ts";
