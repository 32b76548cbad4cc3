import { pathToFileURL } from "node:url";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { globReach } from "../src/anchor-glob.ts";
import { expandBraces } from "../src/brace-expand.ts";
import { foldsCase, swapCase } from "../src/case-folding.ts";
import type { Policy } from "../src/index.ts";
import { type AnchorWorkspace, decideAnchored, makeAnchorWorkspace } from "./anchor-fixture.ts";
import { loadExample, propertyTimeout, runs } from "./helpers.ts";

// Property tests of the built-in protected-anchor rule (threats.md: "reach its own trust anchors
// … by any path … → denied by a built-in rule no policy can relax"). Seeded; the seed is printed so
// a failure reproduces with LODESTAR_FC_SEED.
const seed = Number(process.env["LODESTAR_FC_SEED"] ?? Date.now() % 2 ** 31);
console.log(`anchor properties: LODESTAR_FC_SEED=${seed}`);

let policy: Policy;
let ws: AnchorWorkspace;
beforeAll(async () => {
  policy = await loadExample();
  ws = await makeAnchorWorkspace();
});
afterAll(() => ws.cleanup());

/** A protected file (or the home itself), as segments below the workspace root. */
const protectedTarget = fc.oneof(
  fc.constantFrom(".lodestar/config.yaml", ".lodestar/policy.yaml", ".lodestar/pinned-keys.json"),
  fc.constantFrom(
    ".lodestar/keys/operator.key",
    ".lodestar/sessions/s1.ndjson",
    ".lodestar/approvals/d.json",
  ),
  fc.constantFrom(".lodestar", ".lodestar/sessions/new.ndjson", ".lodestar/keys/planted.key"),
);

/** One way of spelling the first step, `.lodestar`: literal, through a symlink, around a detour. */
const homeSpelling = fc.constantFrom(
  ".lodestar",
  "./.lodestar",
  "home-link",
  "ws-link/.lodestar",
  "src/up/.lodestar",
  "src/../.lodestar",
  "nowhere/../.lodestar",
  "docs/./../.lodestar",
  "src//..//.lodestar",
);

/** Random path spellings of a protected file: every one must be denied. */
const protectedSpelling = fc
  .record({
    target: protectedTarget,
    home: homeSpelling,
    dots: fc.array(fc.constantFrom("./", "/", "x/../"), { maxLength: 3 }),
    form: fc.constantFrom("relative", "absolute", "file-url", "tilde-key-store"),
  })
  .map(({ target, home, dots, form }) => {
    if (form === "tilde-key-store") return "~/.local/share/lodestar/keys/alice.key";
    const rest = target.slice(".lodestar".length);
    const spelled = `${home}${rest === "" ? "" : `/${dots.join("")}${rest.slice(1)}`}`;
    if (form === "relative") return spelled;
    const absolute = `${ws.root}/${spelled}`;
    // A file URL is what URL parsing makes of the path (it folds `a//..` its own way).
    return form === "absolute" ? absolute : pathToFileURL(absolute).href;
  });

/** A call that carries `p` in one of its path-like places. */
function callWith(p: string, shape: number, other: string): [string, Record<string, unknown>] {
  switch (shape % 9) {
    case 0:
      return ["write_file", { path: p, content: "x" }];
    case 1:
      return ["edit_file", { path: p, edits: [{ oldText: "a", newText: "b" }] }];
    case 2:
      return ["read_text_file", { path: p }];
    case 3:
      return ["move_file", { source: p, destination: other }];
    case 4:
      return ["move_file", { source: other, destination: p }];
    case 5:
      return ["read_multiple_files", { paths: [other, p] }];
    case 6:
      return ["shell.exec", { argv: ["cat", p] }];
    case 7:
      return ["shell.exec", { script: `cp '${p}' ${other}`, shell: true }];
    default:
      return ["copy_file", { from: p, to: other }]; // a tool only the "*" entry matches
  }
}

describe("protected-anchor properties", () => {
  it(
    "every spelling of a protected file, in every path-like place, is denied by the built-in rule",
    () => {
      fc.assert(
        fc.property(protectedSpelling, fc.nat(), fc.nat(), (p, shape, rung) => {
          const [tool, args] = callWith(p, shape, "src/a.ts");
          const d = decideAnchored(policy, ws, tool, args, { ctx: { rung: rung % 4 } });
          expect(d, `${tool} ${JSON.stringify(args)}`).toMatchObject({
            verdict: "deny",
            rule: "protected-anchor",
            mode: "enforce",
          });
        }),
        { seed, numRuns: runs },
      );
    },
    propertyTimeout,
  );

  it(
    "a path that reaches no anchor is decided exactly as without the rule",
    () => {
      const segment = fc.stringMatching(/^[a-z0-9_-]{1,8}(\.[a-z]{1,3})?$/);
      const outside = fc
        .record({
          dir: fc.constantFrom("src", "docs", "newdir", "src/deep"),
          name: segment,
          prefix: fc.constantFrom("", "./", `${"WS"}/`),
        })
        .map(({ dir, name, prefix }) => `${prefix === "WS/" ? `${ws.root}/` : prefix}${dir}/${name}`);
      fc.assert(
        fc.property(outside, fc.nat(), (p, shape) => {
          const [tool, args] = callWith(p, shape, "README.md");
          const withRule = decideAnchored(policy, ws, tool, args);
          const without = decideAnchored(policy, ws, tool, args, { anchors: false });
          expect(withRule, `${tool} ${JSON.stringify(args)}`).toEqual(without);
        }),
        { seed, numRuns: runs },
      );
    },
    propertyTimeout,
  );
});

describe("agent input never makes the rule throw", () => {
  it(
    "any strings (NUL bytes, huge, odd unicode) in any place resolve and decide without an exception",
    () => {
      const text = fc.oneof(
        fc.string({ unit: "binary", maxLength: 40 }),
        fc.constantFrom("\0", ".lodestar\0x", "a".repeat(5000), "{a,b}{c,d}".repeat(20), "[", "~", "file:"),
      );
      fc.assert(
        fc.property(text, fc.nat(), (p, shape) => {
          const [tool, args] = callWith(p, shape, p);
          const d = decideAnchored(policy, ws, tool, args);
          expect(["allow", "deny", "hold"]).toContain(d.verdict);
          expect(d.rule).not.toBe("internal-error");
        }),
        { seed, numRuns: runs },
      );
    },
    propertyTimeout,
  );
});

describe("the pieces the rule rests on", () => {
  it("brace expansion follows bash: lists, nesting, sequences, literal braces, a bound", () => {
    expect(expandBraces(".lode{s,x}tar")).toEqual([".lodestar", ".lodextar"]);
    expect(expandBraces("{a,b{c,d}}/e")).toEqual(["a/e", "bc/e", "bd/e"]);
    expect(expandBraces(".lodest{a..c}r")).toEqual([".lodestar", ".lodestbr", ".lodestcr"]);
    expect(expandBraces("x{1..3}")).toEqual(["x1", "x2", "x3"]);
    expect(expandBraces("{}x{y}")).toEqual(["{}x{y}"]);
    expect(expandBraces("{a,b}{c,d}{e,f}{g,h}{i,j}{k,l}{m,n}{o,p}{q,r}")).toBeNull();
  });

  it("a glob reaches a target, a folder above it, or neither", () => {
    expect(globReach("/ws/.lodes*", "/ws/.lodestar", false)).toBe("inside");
    expect(globReach("/ws/.l?destar/keys/*", "/ws/.lodestar", false)).toBe("inside");
    expect(globReach("/ws/*", "/ws/.lodestar/keys", false)).toBe("ancestor");
    expect(globReach("/ws/**", "/ws/.lodestar", false)).toBe("inside");
    expect(globReach("/ws/*.md", "/ws/.lodestar", false)).toBeNull();
    expect(globReach("/ws/.L*", "/ws/.lodestar", false)).toBeNull();
    expect(globReach("/ws/.L*", "/ws/.lodestar", true)).toBe("inside");
    expect(globReach("/ws/*/../x", "/ws/.lodestar", false)).toBe("unknown");
  });

  it("case folding is detected, never assumed (this file system keeps case)", () => {
    expect(swapCase(".Lodestar")).toBe(".lODESTAR");
    expect(foldsCase(ws.home)).toBe(false);
  });
});
