import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { policyJsonSchema } from "../src/index.ts";
import { loadExample } from "./helpers.ts";

describe("published JSON Schema", () => {
  it("schema/policy.v1.schema.json is exactly what the zod schema generates (run `pnpm schema`)", async () => {
    const published = JSON.parse(
      await readFile(new URL("../schema/policy.v1.schema.json", import.meta.url), "utf8"),
    );
    expect(published).toEqual(policyJsonSchema());
  });

  it("is strict: unknown keys are not allowed at the top level or in rules", () => {
    const schema = policyJsonSchema() as {
      additionalProperties: boolean;
      properties: { rules: { items: { additionalProperties: boolean } } };
    };
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.rules.items.additionalProperties).toBe(false);
  });

  it("the shipped example policy loads and covers the governed and MCP tool names", async () => {
    const policy = await loadExample();
    const names = policy.source.tools.map((t) => t.name);
    for (const tool of [
      "fs.read",
      "fs.write",
      "fs.list",
      "fs.delete",
      "shell.exec",
      "git.status",
      "git.diff",
      "git.commit",
      "git.push",
      "http.request",
      "read_file",
      "write_file",
      "list_directory",
      "*",
    ]) {
      expect(names).toContain(tool);
    }
    expect(policy.source.approvals.selfApproval).toBe(false);
  });
});
