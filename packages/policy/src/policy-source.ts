import type { SensitivitySpec } from "./arg-sensitivity-source.ts";
import type { ActionLevel, PolicyMode, ToolRisk } from "./levels.ts";

// The normalised policy: shorthands expanded, defaults filled, durations in milliseconds. It is
// plain JSON (no undefined), and exactly what the policy digest commits to, so two files that
// differ only in comments, layout or shorthand have the same digest.

/** How the classifier treats an argument. */
export type ArgKind = "path" | "command" | "url" | "http-method" | "git-remote" | "git-ref" | "git-force";

export interface ArgSpec {
  kind: ArgKind;
  /** Used when the agent omits the argument (e.g. `GET` for a method). */
  default?: string | boolean;
}

export interface ToolSpec {
  /** Exact tool name or a glob (`mcp_*`, `*`). Exact names win; globs are tried in file order. */
  name: string;
  risk: ToolRisk;
  /** Trust-ladder key; defaults to the tool name the agent called. */
  capability?: string;
  description?: string;
  args: Record<string, ArgSpec>;
}

export interface PathPredicate {
  /** Workspace-relative globs; a path outside the workspace never matches. */
  glob?: string[];
  outside?: boolean;
}

export interface CommandPredicate {
  /** Word prefixes of a plain command (no operators, no expansions). */
  prefix?: string[];
  /** Word prefixes of any simple command anywhere in the line, substitutions included. */
  contains?: string[];
  /** Words present in the command (a long option also as `--opt=value`). */
  hasArgs?: string[];
  /** The command uses operators, substitutions, redirections or expansions, or did not parse. */
  operators?: boolean;
}

export interface UrlPredicate {
  scheme?: string[];
  /** Normalised host or `*.suffix`. */
  host?: string[];
  port?: number[];
  /** The port is the scheme's default one. */
  defaultPort?: boolean;
  method?: string[];
  userinfo?: boolean;
  idn?: boolean;
  ip?: boolean;
}

export interface GitPredicate {
  remote?: string[];
  /** Destination ref globs (`main`, `release/*`, `refs/tags/*`). */
  ref?: string[];
  force?: boolean;
  delete?: boolean;
}

export interface RuleWhen {
  path?: PathPredicate;
  command?: CommandPredicate;
  url?: UrlPredicate;
  git?: GitPredicate;
}

/** A rewrite applied before levels are decided; the rewritten call is what is decided and run. */
export interface Constraint {
  /** Words appended at the end of a plain command unless it already ends with them. */
  appendArgs?: string[];
  removeArgs?: string[];
  set?: Record<string, string | number | boolean>;
}

export interface RuleSpec {
  id: string;
  description?: string;
  reason?: string;
  /** Tool-name globs. */
  tool: string[];
  when?: RuleWhen;
  /** Exactly one of `level` and `constrain`. */
  level?: ActionLevel | "deny";
  constrain?: Constraint;
}

export interface ApproverSpec {
  /** Pinned key names allowed to approve; absent = any pinned approver key authorised for the level. */
  keys?: string[];
  quorum: number;
}

export interface ApprovalsSpec {
  selfApproval: boolean;
  holdTtlMs: Record<ActionLevel, number>;
  approvers: Record<ActionLevel, ApproverSpec>;
  rateLimit: { maxHolds: number; windowMs: number };
}

export interface LadderConfig {
  initialRung: number;
  maxRung: number;
  promotion: { minApprovedOutcomes: number; minApprovalRate: number; minDays: number };
  /** Rungs dropped per event of each kind (0 = that event does not demote). */
  demotion: { deny: number; incident: number; anomaly: number };
}

export interface PolicySource {
  version: 1;
  mode: PolicyMode;
  tools: ToolSpec[];
  rules: RuleSpec[];
  approvals: ApprovalsSpec;
  ladder: LadderConfig;
  /** Levels above `internal` at which arguments are recorded (arg-sensitivity.ts). */
  sensitivity: SensitivitySpec;
}
