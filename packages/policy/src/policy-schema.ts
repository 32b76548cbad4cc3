import { z } from "zod";

// The policy file as written (YAML). Strict objects everywhere: a typo such as `levle:` is an
// error, never a silently ignored key that leaves a rule weaker than its author believes.
// No transforms, so `z.toJSONSchema` produces the published schema/policy.v1.schema.json.

const level = z.enum(["L0", "L1", "L2", "L3", "L4"]);
const risk = z.enum(["LOW", "MEDIUM", "HIGH", "CRITICAL"]);
// `__proto__` as a key would rewrite an object's prototype when the parsed file is copied.
const name = z
  .string()
  .min(1)
  .max(256)
  .regex(/^(?!__proto__$)/, "__proto__ is not a valid name");
const list = z.union([name, z.array(name).min(1)]);
const duration = z.union([
  z.int().min(1).describe("seconds"),
  z.string().regex(/^[1-9][0-9]*(s|m|h|d)$/, "a duration such as 90s, 5m, 1h or 2d"),
]);
const argKind = z.enum(["path", "command", "url", "http-method", "git-remote", "git-ref", "git-force"]);
const argSpec = z.union([
  argKind,
  z.strictObject({ kind: argKind, default: z.union([z.string(), z.boolean()]).optional() }),
]);

const pathPredicate = z.strictObject({ glob: list.optional(), outside: z.boolean().optional() });
const commandPredicate = z.strictObject({
  prefix: list.optional(),
  contains: list.optional(),
  hasArgs: list.optional(),
  operators: z.boolean().optional(),
});
const urlPredicate = z.strictObject({
  scheme: list.optional(),
  host: list.optional(),
  port: z.union([z.int().min(0).max(65535), z.array(z.int().min(0).max(65535)).min(1)]).optional(),
  defaultPort: z.boolean().optional(),
  method: list.optional(),
  userinfo: z.boolean().optional(),
  idn: z.boolean().optional(),
  ip: z.boolean().optional(),
});
const gitPredicate = z.strictObject({
  remote: list.optional(),
  ref: list.optional(),
  force: z.boolean().optional(),
  delete: z.boolean().optional(),
});

const rule = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, "letters, digits, . _ : - (at most 128)"),
  description: z.string().optional(),
  reason: z.string().max(500).optional(),
  tool: list,
  when: z
    .strictObject({
      path: pathPredicate.optional(),
      command: commandPredicate.optional(),
      url: urlPredicate.optional(),
      git: gitPredicate.optional(),
    })
    .optional(),
  level: z.union([level, z.literal("deny")]).optional(),
  constrain: z
    .strictObject({
      appendArgs: list.optional(),
      removeArgs: list.optional(),
      set: z.record(name, z.union([z.string().max(256), z.number(), z.boolean()])).optional(),
    })
    .optional(),
});

// Raises the level arguments are recorded at (never what runs): see arg-sensitivity.ts.
const argSensitivityRule = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, "letters, digits, . _ : - (at most 128)"),
  description: z.string().optional(),
  tool: list,
  arg: list.optional(),
  envAssignments: z.boolean().optional(),
  level: z.enum(["confidential", "secret"]),
});
const sensitivity = z.strictObject({
  args: z.array(argSensitivityRule).optional(),
  secretPatterns: z.array(z.string().min(1).max(500)).max(100).optional(),
});

const approver = z.union([
  z.array(name).min(1),
  z.strictObject({ keys: z.array(name).min(1).optional(), quorum: z.int().min(1).max(16).optional() }),
]);
const perLevel = <T extends z.ZodType>(value: T) =>
  z.strictObject({
    default: value.optional(),
    L0: value.optional(),
    L1: value.optional(),
    L2: value.optional(),
    L3: value.optional(),
    L4: value.optional(),
  });

const rung = z.int().min(0).max(3);
const count = z.int().min(0).max(1_000_000);

/** The `ladder:` section; also the shape of local overrides passed to tightenLadder. */
export const ladderSchema = z.strictObject({
  initialRung: rung.optional(),
  maxRung: rung.optional(),
  promotion: z
    .strictObject({
      minApprovedOutcomes: count.optional(),
      minApprovalRate: z.number().min(0).max(1).optional(),
      minDays: z.number().min(0).max(3650).optional(),
    })
    .optional(),
  demotion: z
    .strictObject({ deny: rung.optional(), incident: rung.optional(), anomaly: rung.optional() })
    .optional(),
});

export const policyFileSchema = z.strictObject({
  $schema: z.string().optional(),
  version: z.literal(1),
  mode: z.enum(["enforce", "observe"]).optional(),
  tools: z.record(
    name,
    z.strictObject({
      risk,
      capability: name.optional(),
      description: z.string().optional(),
      args: z.record(name, argSpec).optional(),
    }),
  ),
  rules: z.array(rule).optional(),
  approvals: z
    .strictObject({
      selfApproval: z.boolean().optional(),
      holdTtl: perLevel(duration).optional(),
      approvers: perLevel(approver).optional(),
      rateLimit: z.strictObject({ maxHolds: z.int().min(1).max(10_000), window: duration }).optional(),
    })
    .optional(),
  ladder: ladderSchema.optional(),
  sensitivity: sensitivity.optional(),
});

export type PolicyFile = z.infer<typeof policyFileSchema>;
export type LadderOverrides = z.infer<typeof ladderSchema>;
