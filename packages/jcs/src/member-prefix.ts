import { serializeString } from "./serialize-string.ts";

const MAX_CACHED_KEYS = 4096;
const MAX_CACHED_KEY_LENGTH = 64;

// Envelopes repeat the same few dozen property names; caching `"name":` saves the escape scan and
// two allocations per member. Bounded in count and key length, and cleared when full, so hostile
// input with endless distinct keys cannot grow it.
const cache = new Map<string, string>();

/** `"key":` with the key serialized per RFC 8785 (throws JcsError for a lone surrogate). */
export function memberPrefix(key: string): string {
  let prefix = cache.get(key);
  if (prefix === undefined) {
    prefix = `${serializeString(key)}:`;
    if (key.length <= MAX_CACHED_KEY_LENGTH) {
      if (cache.size >= MAX_CACHED_KEYS) cache.clear();
      cache.set(key, prefix);
    }
  }
  return prefix;
}
