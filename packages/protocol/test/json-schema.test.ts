import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  actionBodySchema,
  grantBodySchema,
  holdBodySchema,
  WIRE_FORMATS,
  type WireFormatFile,
  wireJsonSchema,
} from "../src/index.ts";

const FILES = Object.keys(WIRE_FORMATS) as WireFormatFile[];
const committed = (file: string) =>
  JSON.parse(readFileSync(new URL(`../schema/${file}`, import.meta.url), "utf8")) as Record<string, unknown>;

describe("packages/protocol/schema/*.v1.schema.json", () => {
  for (const file of FILES) {
    it(`${file} is exactly what the zod schema generates (run \`pnpm --filter @lodestar/protocol schema\`)`, () => {
      expect(committed(file)).toEqual(wireJsonSchema(file));
    });
  }

  it("every committed schema file is a published wire format (nothing stale left behind)", () => {
    const onDisk = readdirSync(new URL("../schema/", import.meta.url)).filter((f) => f.endsWith(".json"));
    expect(onDisk.sort()).toEqual([...FILES].sort());
  });

  it("is versioned: the file name, $id and title name version 1", () => {
    for (const file of FILES) {
      const schema = wireJsonSchema(file);
      expect(file).toMatch(/\.v1\.schema\.json$/);
      expect(schema["$id"]).toBe(`https://lodestar.dev/schema/${file}`);
      expect(schema["title"]).toMatch(/v1$/);
    }
  });
});

describe("body schemas (the parsers the JSON Schemas are generated from)", () => {
  const hold = {
    holdId: "hold_2crjrarcsm1c5pcs58v0ctftxq",
    actionDigest: "0".repeat(64),
    tool: "write_file",
    args: { path: "/w/a.txt" },
    "args.content": "x",
    cwd: "/w",
    policyDigest: "1".repeat(64),
    level: "L3",
    rule: "r",
    capability: "fs.write",
    createdAt: "2026-12-02T09:52:47.743Z",
    expiresAt: "2026-12-02T09:57:47.743Z",
    quorum: 1,
  };

  it("accept raised-argument parts and refuse any other unknown part (nothing smuggled in)", () => {
    expect(holdBodySchema.safeParse(hold).success).toBe(true);
    expect(holdBodySchema.safeParse({ ...hold, extra: 1 }).success).toBe(false);
    expect(holdBodySchema.safeParse({ ...hold, "proposed.content": "x" }).success).toBe(false);
    const action = { tool: "t", proposed: { a: 1 }, "proposed.b": 2, args: { a: 1 }, "args.b": 2, cwd: "/w" };
    expect(actionBodySchema.safeParse(action).success).toBe(true);
    expect(actionBodySchema.safeParse({ ...action, "args.": 1 }).success).toBe(false);
    expect(actionBodySchema.safeParse({ tool: "t" }).success).toBe(false);
  });

  it("hold: every input of the action digest is required (cwd and policy digest included)", () => {
    for (const name of ["tool", "args", "cwd", "level", "policyDigest", "actionDigest"]) {
      const { [name]: _dropped, ...rest } = hold as Record<string, unknown>;
      expect({ name, ok: holdBodySchema.safeParse(rest).success }).toEqual({ name, ok: false });
    }
  });

  it("grant: each status has its own shape", () => {
    const base = { holdId: hold.holdId, approvers: [], decisionIds: [] };
    expect(grantBodySchema.safeParse({ ...base, status: "expired", decisions: [] }).success).toBe(true);
    expect(grantBodySchema.safeParse({ ...base, status: "abandoned" }).success).toBe(true);
    expect(grantBodySchema.safeParse({ ...base, status: "abandoned", approvers: ["x"] }).success).toBe(false);
    expect(
      grantBodySchema.safeParse({
        holdId: null,
        status: "rejected",
        code: "bad-signature",
        detail: "",
        decisionIds: [],
      }).success,
    ).toBe(true);
    expect(grantBodySchema.safeParse({ ...base, status: "approved" }).success).toBe(false); // no decisions
    const forged = { holdId: null, status: "rejected", code: "bad-signature", detail: "", decisionIds: [] };
    expect(grantBodySchema.safeParse({ ...forged, claimedDecisionId: "ed25519:ab/n" }).success).toBe(true);
  });
});
