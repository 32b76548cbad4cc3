import { loadPinnedKeys } from "@lodestar/crypto/node";
import type { LodestarHome } from "./home/lodestar-home.ts";
import { LadderProjection } from "./ladder-projection.ts";
import { trustedKeysOf } from "./open-kernel.ts";
import type { UntrustedLog } from "./read-trusted-log.ts";
import { replaySessions } from "./replay-sessions.ts";

/**
 * The ladder's events from every session log of a home, exactly as a guard derives them at start:
 * only covered logs are read, and approvals count only if they verify under the pinned keys.
 * For `lodestar ladder` and `lodestar policy explain`.
 */
export async function projectLadder(
  home: LodestarHome,
): Promise<{ projection: LadderProjection; untrusted: UntrustedLog[] }> {
  const pinned = await loadPinnedKeys(home.pinnedKeysFile);
  const findKey = trustedKeysOf(pinned);
  const projection = new LadderProjection(findKey);
  const untrusted = await replaySessions(
    home,
    (envelope) => projection.feed(envelope),
    (keyId) => {
      const key = findKey(keyId);
      return key !== undefined && key.role === "operator" && !key.revoked ? key.publicKey : undefined;
    },
  );
  return { projection, untrusted };
}
