import { homedir } from "node:os";
import type { ProtectedAnchors } from "@lodestar/policy";
import type { LodestarHome } from "./lodestar-home.ts";

/**
 * Everything of a home an agent must never reach, for the policy's built-in protected-anchor rule
 * and the governed tools: the home itself (config, operator key, approvals), the policy file
 * (which may live elsewhere), the pinned keys, the session logs, and the approver key store.
 * The parts inside the home are listed too, so a denial names exactly what was reached.
 * `userHome` is where `~` leads: MCP servers expand it with the same OS call.
 */
export function protectedAnchorsOf(home: LodestarHome, userHome: string = homedir()): ProtectedAnchors {
  return {
    userHome,
    anchors: [
      { kind: "home", path: home.root },
      { kind: "config", path: home.configFile },
      { kind: "policy", path: home.policyFile },
      { kind: "pinned-keys", path: home.pinnedKeysFile },
      { kind: "operator-keys", path: home.keysDir },
      { kind: "key-store", path: home.keyStore },
      { kind: "sessions", path: home.sessionsDir },
      { kind: "approvals", path: home.approvalsDir },
    ],
  };
}
