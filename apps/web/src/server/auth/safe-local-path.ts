/**
 * A callback URL must be a path on this site: `//evil.example`, `/\evil.example` (browsers read
 * the backslash as a slash) or `https://…` would turn sign-in into an open redirect (threat:
 * phishing through a trusted sign-in link). Anything else becomes "/".
 */
export function safeLocalPath(path: string | null | undefined): string {
  if (!path?.startsWith("/") || path.startsWith("//") || path.includes("\\")) return "/";
  // Control characters (a tab or newline inside "/\t/evil") are dropped by URL parsers.
  if (/[\u0000-\u001f\u007f]/.test(path)) return "/";
  return path;
}
