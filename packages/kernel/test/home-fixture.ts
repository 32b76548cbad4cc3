import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateKeyPair, type KeyPair } from "@lodestar/crypto";
import { pinKey, writeSecretKeyFile } from "@lodestar/crypto/node";
import { type LodestarHome, loadHome } from "../src/index.ts";

export const TEST_POLICY = `version: 1
mode: enforce
tools:
  fs.read: { risk: LOW, args: { path: path } }
  fs.write: { risk: MEDIUM, args: { path: path } }
  fs.delete: { risk: HIGH, args: { path: path } }
  git.push: { risk: HIGH, args: { remote: git-remote, refspec: git-ref } }
  "payments.*": { risk: CRITICAL }
rules:
  - id: outside-workspace-write
    tool: [fs.write, fs.delete]
    when: { path: { outside: true } }
    level: deny
    reason: writing outside the workspace is refused
  - id: protected-branch-push
    tool: git.push
    when: { git: { ref: [main] } }
    level: L4
approvals:
  selfApproval: false
  holdTtl: { default: 3s }
  approvers: { L4: { quorum: 2 } }
  rateLimit: { maxHolds: 4, window: 10m }
ladder:
  initialRung: 2
  maxRung: 3
  promotion: { minApprovedOutcomes: 2, minApprovalRate: 0.9, minDays: 0 }
  demotion: { deny: 1, incident: 3, anomaly: 1 }
`;

export interface TestHome {
  home: LodestarHome;
  workspace: string;
  keys: Record<"operator" | "alice" | "bob" | "low", KeyPair>;
}

/** A real Lodestar folder in a temp dir: config, policy, operator key, three pinned approvers. */
export async function makeHome(policy = TEST_POLICY): Promise<TestHome> {
  const workspace = await mkdtemp(join(tmpdir(), "lodestar-kernel-"));
  const root = join(workspace, ".lodestar");
  await mkdir(join(root, "keys"), { recursive: true, mode: 0o700 });
  await mkdir(join(root, "sessions"));
  await mkdir(join(root, "approvals"));
  const keys = {
    operator: generateKeyPair(),
    alice: generateKeyPair(),
    bob: generateKeyPair(),
    low: generateKeyPair(),
  };
  const pinned = join(root, "pinned-keys.json");
  await writeSecretKeyFile(join(root, "keys", "operator.key"), {
    name: "operator",
    secretKey: keys.operator.secretKey,
  });
  await pinKey(pinned, {
    name: "operator",
    publicKey: keys.operator.publicKey,
    levels: ["L0", "L1", "L2", "L3", "L4"],
    role: "operator",
  });
  await pinKey(pinned, {
    name: "alice",
    publicKey: keys.alice.publicKey,
    levels: ["L3", "L4"],
    role: "approver",
  });
  await pinKey(pinned, { name: "bob", publicKey: keys.bob.publicKey, levels: ["L4"], role: "approver" });
  await pinKey(pinned, {
    name: "low",
    publicKey: keys.low.publicKey,
    levels: ["L1", "L2"],
    role: "approver",
  });
  await writeFile(join(root, "policy.yaml"), policy);
  await writeFile(
    join(root, "config.yaml"),
    "version: 1\noperator: { name: ops, key: operator }\nworkspace: ..\napprovals: { pollMs: 50 }\ncheckpoints: { everyEnvelopes: 5, everyMs: 1000 }\n",
  );
  return { home: await loadHome(workspace, undefined), workspace, keys };
}
