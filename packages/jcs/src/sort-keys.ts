/**
 * Sorts property names in place by UTF-16 code units (RFC 8785 §3.2.3): JavaScript's `<` on strings
 * compares code units, exactly the order required. Insertion sort for the small key sets envelopes
 * have is ~2.5x faster than Array.prototype.sort; larger sets use the built-in sort (same order).
 */
export function sortKeys(keys: string[]): string[] {
  if (keys.length > 16) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i]!;
    let j = i - 1;
    while (j >= 0 && keys[j]! > key) {
      keys[j + 1] = keys[j]!;
      j--;
    }
    keys[j + 1] = key;
  }
  return keys;
}
