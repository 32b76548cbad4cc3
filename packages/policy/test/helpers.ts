import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  type DecideContext,
  decide,
  loadPolicyFile,
  type Policy,
  type PolicyDecision,
  type ResolvedAction,
  resolveCall,
} from "../src/index.ts";

export const EXAMPLE_POLICY = fileURLToPath(new URL("../examples/policy.yaml", import.meta.url));
export const NOW = Date.parse("2025-06-01T12:00:00Z");

/** Property-test budget: a few hundred runs by default, 10,000 under LODESTAR_SLOW (ADR 0005). */
export const runs = process.env["LODESTAR_SLOW"] ? 10_000 : 300;
export const propertyTimeout = process.env["LODESTAR_SLOW"] ? 900_000 : 30_000;

export function loadExample(): Promise<Policy> {
  return loadPolicyFile(EXAMPLE_POLICY);
}

export interface Workspace {
  /** Real path of the workspace root. */
  root: string;
  /** Real path of a directory beside it (outside the workspace). */
  outside: string;
  cleanup(): Promise<void>;
}

/**
 * A real workspace with real symlinks:
 *   link-out → ../outside (directory outside), src/etc → /etc (absolute), src/dangling →
 *   ../../outside/new.txt (does not exist yet), src/docs-link → ../docs (stays inside), loop → loop.
 */
export async function makeWorkspace(): Promise<Workspace> {
  const base = await realpath(await mkdtemp(path.join(tmpdir(), "lodestar-policy-")));
  const root = path.join(base, "ws");
  const outside = path.join(base, "outside");
  for (const dir of [root, outside, `${root}/src`, `${root}/docs`, `${root}/.git`, `${root}/dist`])
    await mkdir(dir, { recursive: true });
  await writeFile(`${root}/src/a.ts`, "export {};\n");
  await writeFile(`${root}/docs/readme.md`, "# hi\n");
  await writeFile(`${outside}/secret.txt`, "secret\n");
  await symlink("../outside", `${root}/link-out`);
  await symlink("/etc", `${root}/src/etc`);
  await symlink("../../outside/new.txt", `${root}/src/dangling`);
  await symlink("../docs", `${root}/src/docs-link`);
  await symlink("loop", `${root}/loop`);
  return { root, outside, cleanup: () => rm(base, { recursive: true, force: true }) };
}

export async function resolveIn(
  policy: Policy,
  ws: Workspace,
  tool: string,
  args: Record<string, unknown>,
  cwd?: string,
): Promise<ResolvedAction> {
  return resolveCall(
    policy,
    { tool, args },
    cwd === undefined ? { workspace: ws.root } : { workspace: ws.root, cwd },
  );
}

export async function decideIn(
  policy: Policy,
  ws: Workspace,
  tool: string,
  args: Record<string, unknown>,
  ctx: Partial<DecideContext> = {},
): Promise<PolicyDecision> {
  const resolved = await resolveIn(policy, ws, tool, args);
  return decide(policy, resolved, { agent: "agent-1", rung: 2, now: NOW, ...ctx });
}
