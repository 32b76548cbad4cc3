import { z } from "zod";

const keyName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, "must be a key name (lowercase letters, digits, . _ -)");

/** `.lodestar/config.yaml` (schema: packages/kernel/schema/config.v1.schema.json). */
export const lodestarConfigSchema = z.strictObject({
  version: z.literal(1),
  operator: z.strictObject({
    name: z.string().min(1).max(200),
    key: keyName,
  }),
  workspace: z.string().min(1).default(".."),
  /**
   * Where approver secret keys live: a per-user folder outside every workspace (`lodestar init`
   * writes the absolute path it chose). Absent in homes made before it existed: then `keys/` of
   * the home, which the protected-anchor rule covers too.
   */
  keyStore: z.string().min(1).optional(),
  policy: z.string().min(1).default("policy.yaml"),
  mcp: z.strictObject({ allowHigh: z.boolean().default(false) }).default({ allowHigh: false }),
  approvals: z
    .strictObject({ pollMs: z.number().int().min(50).max(60_000).default(500) })
    .default({ pollMs: 500 }),
  checkpoints: z
    .strictObject({
      everyEnvelopes: z.number().int().min(1).max(1_000_000).default(1000),
      everyMs: z.number().int().min(100).max(3_600_000).default(5000),
    })
    .default({ everyEnvelopes: 1000, everyMs: 5000 }),
  /**
   * Where `lodestar ship` sends sessions. Only from this file or the environment, never from log or
   * agent content (threat: an agent pointing the shipper at its own endpoint). The token stays in
   * its own file (relative to this folder), never in the config or the log.
   */
  machinaut: z
    .strictObject({ url: z.url({ protocol: /^https?$/ }), tokenFile: z.string().min(1).optional() })
    .optional(),
});

export type LodestarConfig = z.infer<typeof lodestarConfigSchema>;
