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
});

export type LodestarConfig = z.infer<typeof lodestarConfigSchema>;
