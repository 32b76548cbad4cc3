import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  type DecideContext,
  decide,
  type Policy,
  type PolicyDecision,
  type ProtectedAnchors,
  resolveCall,
} from "../src/index.ts";
import { NOW } from "./helpers.ts";

/**
 * A workspace laid out as `lodestar init` leaves it, with real files: `.lodestar/` (config,
 * policy, pinned keys, operator key, a session log, approvals) inside the workspace, the approver
 * key store under a user home outside it, and symlinks an attacker could use:
 * `home-link → .lodestar`, `ws-link → .` (the workspace itself), `src/up → ..`.
 */
export interface AnchorWorkspace {
  root: string;
  home: string;
  userHome: string;
  keyStore: string;
  anchors: ProtectedAnchors;
  /** Workspace-relative files inside the home, every one protected. */
  protectedFiles: readonly string[];
  cleanup(): Promise<void>;
}

export async function makeAnchorWorkspace(): Promise<AnchorWorkspace> {
  const base = await realpath(await mkdtemp(path.join(tmpdir(), "lodestar-anchors-")));
  const root = path.join(base, "ws");
  const home = path.join(root, ".lodestar");
  const userHome = path.join(base, "user");
  const keyStore = path.join(userHome, ".local", "share", "lodestar", "keys");
  for (const dir of [
    `${root}/src`,
    `${root}/docs`,
    `${home}/keys`,
    `${home}/sessions`,
    `${home}/approvals`,
    keyStore,
  ])
    await mkdir(dir, { recursive: true });
  const protectedFiles = [
    ".lodestar/config.yaml",
    ".lodestar/policy.yaml",
    ".lodestar/pinned-keys.json",
    ".lodestar/keys/operator.key",
    ".lodestar/sessions/s1.ndjson",
    ".lodestar/approvals/d.json",
  ];
  for (const f of protectedFiles) await writeFile(path.join(root, f), "x\n");
  await writeFile(path.join(keyStore, "alice.key"), "{}\n");
  await writeFile(path.join(root, "README.md"), "# hi\n");
  await writeFile(path.join(root, "src", "a.ts"), "export {};\n");
  await symlink(".lodestar", path.join(root, "home-link"));
  await symlink(".", path.join(root, "ws-link"));
  await symlink("..", path.join(root, "src", "up"));
  const anchors: ProtectedAnchors = {
    userHome,
    anchors: [
      { kind: "home", path: home },
      { kind: "config", path: path.join(home, "config.yaml") },
      { kind: "policy", path: path.join(home, "policy.yaml") },
      { kind: "pinned-keys", path: path.join(home, "pinned-keys.json") },
      { kind: "operator-keys", path: path.join(home, "keys") },
      { kind: "sessions", path: path.join(home, "sessions") },
      { kind: "approvals", path: path.join(home, "approvals") },
      { kind: "key-store", path: keyStore },
    ],
  };
  return {
    root,
    home,
    userHome,
    keyStore,
    anchors,
    protectedFiles,
    cleanup: () => rm(base, { recursive: true, force: true }),
  };
}

/** Resolves and decides one call the way the kernel does (anchors passed), or without them. */
export function decideAnchored(
  policy: Policy,
  ws: AnchorWorkspace,
  tool: string,
  args: Record<string, unknown>,
  options: { anchors?: boolean; ctx?: Partial<DecideContext> } = {},
): PolicyDecision {
  const resolved = resolveCall(
    policy,
    { tool, args },
    options.anchors === false ? { workspace: ws.root } : { workspace: ws.root, protected: ws.anchors },
  );
  return decide(policy, resolved, { agent: "agent-1", rung: 2, now: NOW, session: "s1", ...options.ctx });
}
