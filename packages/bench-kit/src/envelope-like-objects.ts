/**
 * Objects shaped like Lodestar log envelopes (header, actor, parents, salted body parts), about
 * 1 KB canonical each, varied so no two are identical.
 */
export function envelopeLikeObjects(count: number): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, i) => ({
    v: 1,
    id: `01HZX3K9Q${String(i).padStart(8, "0")}`,
    session: "s-01HZX3K9QF7T2M5N8P4R6W1Y3Z",
    seq: i,
    ts: `2025-06-01T12:${String(i % 60).padStart(2, "0")}:00.${String(i % 1000).padStart(3, "0")}Z`,
    kind: ["observation", "belief", "decision", "action"][i % 4],
    actor: {
      agent: "claude-code",
      model: "claude-sonnet-4",
      operator: "ed25519:2e9adfc2ce7799750272caf1e88ad51b",
    },
    parents: [`e-${i - 1}-7f3a9c2d41e8b6a0`, `e-${i - 2}-0b1c2d3e4f5a6b7c`],
    sensitivity: "internal",
    body: {
      tool: { salt: "kX3v9QzP0aT4mW8rB2nY5g", value: { name: "shell.exec", risk: "HIGH", level: "L3" } },
      args: {
        s: "confidential",
        salt: "Zt7Lq2Wm9Xc4Vb1Nn8Ks3p",
        value: {
          command: `git push origin feature/branch-${i}`,
          cwd: "/home/dev/projects/lodestar",
          env: { CI: "false", GIT_TERMINAL_PROMPT: "0" },
          timeoutMs: 30000,
          retries: i % 3,
          ratio: 0.25 + (i % 7) / 10,
        },
      },
      note: {
        salt: "pQ4sR8tU2vW6xY0zA3bC7d",
        value: "Agent proposes pushing the branch after tests passed (12/12) ✓",
      },
    },
    prev: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
  }));
}
