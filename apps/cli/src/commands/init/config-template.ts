/** The commented config.yaml that `lodestar init` writes (schema: @lodestar/kernel lodestarConfigSchema). */
export function configTemplate(operator: string, where: { workspace: string; keyStore: string }): string {
  return `# Lodestar configuration. Every field is checked at start-up; an error names the line and field.
version: 1

operator:
  # Who runs the agents: recorded in every envelope as actor.operator.
  name: ${JSON.stringify(operator)}
  # The key (keys/<key>.key) that signs log checkpoints. It is pinned with role "operator", so
  # it can never approve its own agents' holds unless the policy turns self-approval on.
  key: operator

# The folder governed tools and path rules are confined to, relative to this folder. Keeping
# this folder outside it (LODESTAR_HOME) puts the trust anchors out of reach of any program an
# agent runs, not only of the calls Lodestar governs.
workspace: ${JSON.stringify(where.workspace)}

# Approver secret keys (\`lodestar keys gen\`), kept per user outside every workspace
# (LODESTAR_KEY_STORE at init). The guard denies any call that reaches them. The operator key
# above stays in keys/ of this folder: the guard signs checkpoints with it unattended.
keyStore: ${JSON.stringify(where.keyStore)}

# The policy file (relative to this folder): \`lodestar policy check\` validates it.
policy: policy.yaml

mcp:
  # HIGH-risk tools are hidden from an MCP client's tools/list unless this is true
  # (or LODESTAR_MCP_ALLOW_HIGH=1). CRITICAL tools are never listed.
  allowHigh: false

approvals:
  # Signed decisions dropped into approvals/ are picked up by a file watcher; this poll is the
  # fallback for file systems where watching is unreliable.
  pollMs: 500

checkpoints:
  # The writer appends an operator-signed checkpoint every N envelopes or T milliseconds,
  # whichever comes first, and at session end.
  everyEnvelopes: 1000
  everyMs: 5000
`;
}
