import { publicKeyOf } from "@lodestar/crypto";
import { readSecretKeyFile } from "@lodestar/crypto/node";
import { type HoldListing, LivePinnedKeys, type LodestarHome } from "@lodestar/kernel";
import { loadPolicyFile } from "@lodestar/policy";
import { type SignedDecision, verifyDecision } from "@lodestar/protocol";
import { CliError, EXIT } from "../../cli-error.ts";

/**
 * Runs the guard's own rule (verifyDecision) on a freshly signed decision before it leaves this
 * machine, against the pinned keys and the policy as they are now: a revoked key, a key not
 * pinned, one not allowed for the level, one the policy does not name, or the operator's own key
 * fails here with its reason code, instead of saying "approved" and failing later in rejected/.
 * Only checks that need the guard's memory (replay, quorum progress) are left to the guard.
 */
export async function checkBeforeSigning(
  home: LodestarHome,
  hold: HoldListing,
  decision: SignedDecision,
  keyName: string,
): Promise<void> {
  const pinned = new LivePinnedKeys(home.pinnedKeysFile, await operatorPublicKey(home), () => undefined);
  const keys = pinned.current();
  const result = verifyDecision(decision, {
    findKey: keys.findKey,
    findHold: (id) =>
      id === hold.holdId
        ? {
            holdId: hold.holdId,
            session: hold.session,
            actionDigest: hold.actionDigest,
            level: hold.level,
            createdAt: hold.createdAt,
            expiresAt: hold.expiresAt,
            open: hold.status === "open",
            approvedBy: [],
            ...(hold.approverKeys !== undefined ? { approverKeys: hold.approverKeys } : {}),
          }
        : undefined,
    alreadyUsed: () => false,
    now: new Date(),
    selfApproval: await selfApprovalAllowed(home, hold),
    operatorKeys: keys.operatorKeys,
  });
  if (result.ok) return;
  throw new CliError(
    "rejected",
    `refusing to sign with key ${keyName}: ${result.detail} (${result.code}); nothing was written`,
    EXIT.failed,
  );
}

/** The home's operator key, when this machine has it (an approver's machine may not). */
async function operatorPublicKey(home: LodestarHome): Promise<Uint8Array | undefined> {
  try {
    return publicKeyOf((await readSecretKeyFile(home.keyFile(home.config.operator.key))).secretKey);
  } catch {
    return undefined; // keys pinned with role operator still identify the operator
  }
}

/** Self-approval only when the policy that classified the hold is the current one and allows it. */
async function selfApprovalAllowed(home: LodestarHome, hold: HoldListing): Promise<boolean> {
  try {
    const policy = await loadPolicyFile(home.policyFile);
    return policy.digest === hold.policyDigest && policy.source.approvals.selfApproval;
  } catch {
    return false;
  }
}
