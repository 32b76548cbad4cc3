import { joinArgs, type ReadPart, splitArgs } from "@lodestar/protocol";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { argSensitivity } from "../src/index.ts";
import { loadExample, runs } from "./helpers.ts";

// The recorded layout of a call's arguments (protocol args-parts.ts) with the policy's levels: what
// the kernel writes. Properties: joining gives back exactly the arguments (the action digest binds
// them), and no raised argument's value is left in a part at the envelope's own level.

const PART_NAME = /^[a-z][A-Za-z0-9_.-]{0,63}$/; // envelope.v1 part names (ADR 0008)
const argName = fc.oneof(
  fc.constantFrom("path", "content", "headers", "env", "script", "command", "password", "body", "x.y"),
  fc.string({ maxLength: 70 }),
);
const argValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom("FOO=bar make", "sk_live_abcdefghij123456", "Bearer abcdefghijklmnop", "plain"),
);

const opened = (parts: Record<string, { value: unknown }>): Record<string, ReadPart> => parts;

describe("argument parts with the example policy's levels", () => {
  it("round trip: join(split(args)) = args, every part name is valid, raised values never sit at internal", async () => {
    const policy = await loadExample();
    const tool = fc.constantFrom("write_file", "http.request", "shell.exec", "run_command", "mcp_other");
    fc.assert(
      fc.property(tool, fc.dictionary(argName, argValue, { maxKeys: 6 }), (t, args) => {
        const levels = argSensitivity(policy, t, args);
        const parts = splitArgs("args", args, levels);
        for (const name of Object.keys(parts)) expect(name).toMatch(PART_NAME);
        expect(joinArgs(opened(parts), "args")).toEqual({ args: args, withheld: [] });
        for (const [name, level] of Object.entries(levels)) {
          const own = parts[`args.${name}`];
          // Either the argument has its own part at its level, or the base part was raised for it.
          if (own !== undefined) expect(own.s).toBe(level);
          else expect(parts["args"]!.s === "secret" || parts["args"]!.s === level).toBe(true);
        }
        if (parts["args"]!.s === undefined)
          for (const name of Object.keys(parts["args"]!.value as object))
            expect(Object.hasOwn(levels, name)).toBe(false);
      }),
      { numRuns: runs },
    );
  });

  it("a redacted argument part is reported by name, never silently dropped", () => {
    const parts = splitArgs("proposed", { path: "a", content: "s" }, { content: "confidential" });
    expect(Object.keys(parts).sort()).toEqual(["proposed", "proposed.content"]);
    const body: Record<string, ReadPart> = {
      proposed: parts["proposed"]!,
      "proposed.content": { redacted: "c" },
    };
    expect(joinArgs(body, "proposed")).toEqual({ args: { path: "a" }, withheld: ["content"] });
    expect(joinArgs({ proposed: { redacted: "c" } }, "proposed")).toEqual({ args: undefined, withheld: [] });
  });
});
