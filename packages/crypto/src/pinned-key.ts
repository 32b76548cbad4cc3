import { z } from "zod";
import { keyNameSchema } from "./key-name.ts";

export const PINNED_KEY_LEVELS = ["L0", "L1", "L2", "L3", "L4"] as const;
export type PinnedKeyLevel = (typeof PINNED_KEY_LEVELS)[number];
export const PINNED_KEY_ROLES = ["approver", "operator"] as const;
export type PinnedKeyRole = (typeof PINNED_KEY_ROLES)[number];

export const pinnedKeySchema = z.strictObject({
  name: keyNameSchema,
  keyId: z.string().regex(/^ed25519:[0-9a-f]{32}$/, "must be ed25519:<32 lowercase hex>"),
  publicKey: z.string().regex(/^[A-Za-z0-9_-]{43}$/, "must be a 32-byte base64url public key"),
  levels: z.array(z.enum(PINNED_KEY_LEVELS)).min(1, "must list at least one level"),
  role: z.enum(PINNED_KEY_ROLES),
  addedAt: z.iso.datetime(),
  revokedAt: z.iso.datetime().optional(),
  revokedReason: z.string().max(500).optional(),
});

export const pinnedKeysFileSchema = z.strictObject({
  v: z.literal(1),
  keys: z.array(pinnedKeySchema),
});

/** One entry of pinned-keys.json. `publicKey` is base64url; decode it with fromBase64Url. */
export interface PinnedKey {
  readonly name: string;
  readonly keyId: string;
  readonly publicKey: string;
  readonly levels: readonly PinnedKeyLevel[];
  readonly role: PinnedKeyRole;
  readonly addedAt: string;
  readonly revokedAt?: string;
  readonly revokedReason?: string;
}

/** The loaded, validated contents of pinned-keys.json. */
export interface PinnedKeySet {
  readonly v: 1;
  readonly keys: readonly PinnedKey[];
}
