/**
 * Picks the allow-listed variables from an environment snapshot. Threat: leaking secrets
 * (tokens, cloud credentials) to a child, or steering it with LD_PRELOAD, NODE_OPTIONS,
 * GIT_DIR, GIT_SSH_COMMAND and the like.
 */
export function pickEnv(
  source: Readonly<Record<string, string | undefined>>,
  allow: readonly string[],
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of allow) {
    const value = source[name];
    if (value !== undefined) env[name] = value;
  }
  return env;
}
