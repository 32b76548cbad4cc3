export interface SecretPattern {
  readonly id: string;
  readonly pattern: RegExp;
  /**
   * Literals every match contains (in lower case for a case-insensitive pattern, where they only
   * document it): a case-sensitive pattern runs only on text holding one of them. A substring search is many times faster than a regex that
   * tries every word boundary, and most arguments (file content) hold none of them.
   */
  readonly hints: readonly string[];
}

/**
 * Secrets an agent may hand to a tool, recognised by their shape. Built in and always applied: a
 * policy can add patterns but not remove these, so an old policy file with no `sensitivity:`
 * section still never records a live key at `internal` (threat: a key in an argument is shipped
 * with the log). Over-matching only redacts more; each pattern is linear (no nested quantifiers).
 */
export const BUILT_IN_SECRET_PATTERNS: readonly SecretPattern[] = [
  { id: "stripe-key", pattern: /\b[rs]k_(?:live|test)_[0-9A-Za-z_]{8,}/, hints: ["k_live_", "k_test_"] },
  { id: "aws-access-key-id", pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/, hints: ["AKIA", "ASIA"] },
  {
    id: "private-key-block",
    pattern: /-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY-----/,
    hints: ["PRIVATE KEY-----"],
  },
  {
    id: "authorization-header",
    pattern: /(?:^|[\s"'{,;])(?:proxy-)?authorization\s*:/i,
    hints: ["authorization"],
  },
  { id: "bearer-token", pattern: /\bbearer\s+[A-Za-z0-9._~+/=-]{8,}/i, hints: ["bearer"] },
  {
    id: "password-assignment",
    pattern: /\b(?:password|passwd|client[_-]?secret|api[_-]?key|access[_-]?token)\s*[=:]\s*[^\s&]/i,
    hints: ["passw", "secret", "api_key", "api-key", "apikey", "access_token", "access-token", "accesstoken"],
  },
  {
    id: "github-token",
    pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})/,
    hints: ["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"],
  },
  { id: "gitlab-token", pattern: /\bglpat-[A-Za-z0-9_-]{20,}/, hints: ["glpat-"] },
  { id: "slack-token", pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/, hints: ["xox"] },
  { id: "google-api-key", pattern: /\bAIza[0-9A-Za-z_-]{35}/, hints: ["AIza"] },
  { id: "jwt", pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/, hints: ["eyJ"] },
];

/**
 * Object keys (and top-level argument names) whose value is a credential whatever it looks like:
 * `{ Authorization: "Basic …" }`, `{ cookie: … }`, an MCP tool's `password` argument.
 */
export const SECRET_KEY_NAME =
  /^(?:(?:proxy-)?authorization|cookie|set-cookie|x-api-key|api[_-]?key|apikey|password|passwd|secret|client[_-]?secret|(?:access|refresh|auth)[_-]?token|private[_-]?key)$/i;

// Bounds the walk over agent-supplied JSON: deeper or wider values are treated as secret
// (fail closed) rather than scanned forever.
const MAX_NODES = 100_000;
const MAX_DEPTH = 128;

/**
 * True when any string in `value` (object keys included) matches a built-in or `extra` pattern, or
 * any object key is a credential name. Iterative, so a deeply nested argument cannot overflow the stack.
 */
export function containsSecret(value: unknown, extra: readonly RegExp[] = []): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  let visited = 0;
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (++visited > MAX_NODES || depth > MAX_DEPTH) return true;
    if (typeof node === "string") {
      if (matchesSecret(node, extra)) return true;
    } else if (Array.isArray(node)) {
      for (const item of node) stack.push([item, depth + 1]);
    } else if (node !== null && typeof node === "object") {
      for (const [key, child] of Object.entries(node)) {
        if (SECRET_KEY_NAME.test(key) || matchesSecret(key, extra)) return true;
        stack.push([child, depth + 1]);
      }
    }
  }
  return false;
}

function matchesSecret(text: string, extra: readonly RegExp[]): boolean {
  for (const { pattern, hints } of BUILT_IN_SECRET_PATTERNS) {
    // Case-insensitive patterns run as they are: lower-casing a large text to search it costs more.
    if (pattern.flags.includes("i") || hints.some((hint) => text.includes(hint))) {
      if (pattern.test(text)) return true;
    }
  }
  for (const pattern of extra) if (pattern.test(text)) return true;
  return false;
}
