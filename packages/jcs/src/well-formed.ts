// String.prototype.isWellFormed is ES2024 (Node >= 20); the project's lib target is ES2023.
declare global {
  interface String {
    isWellFormed(): boolean;
  }
}

/** True when `s` has no lone UTF-16 surrogate, i.e. it can be encoded as UTF-8 without loss. */
export function isWellFormedString(s: string): boolean {
  return s.isWellFormed();
}
