import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { analyzeShell, quoteShellWord } from "../src/index.ts";
import { propertyTimeout, runs } from "./helpers.ts";

describe("analyzeShell (POSIX word splitting, for classification)", () => {
  it.each([
    ["git status", ["git", "status"]],
    ["  git\tstatus  ", ["git", "status"]],
    ["echo 'a b' \"c d\"", ["echo", "a b", "c d"]],
    ["echo a\\ b", ["echo", "a b"]],
    ["echo 'it'\\''s'", ["echo", "it's"]],
    ['echo "a\\"b" "\\$x" "\\q"', ["echo", 'a"b', "$x", "\\q"]],
    ["echo ''", ["echo", ""]],
    ["echo a\\\nb", ["echo", "ab"]],
    ["echo a#b", ["echo", "a#b"]],
    ["git log HEAD~1", ["git", "log", "HEAD~1"]],
    ["echo $", ["echo", "$"]],
  ])("%j is plain: %j", (command, argv) => {
    expect(analyzeShell(command)).toMatchObject({ ok: true, plain: true, argv });
  });

  it.each([
    ["a; b", [";"]],
    ["a && b || c", ["&&", "||"]],
    ["a | b", ["|"]],
    ["a |& b", ["|&"]],
    ["a &", ["&"]],
    ["(a)", ["(", ")"]],
    ["a > f", [">"]],
    ["a >> f", [">>"]],
    ["a 2>&1", [">&"]],
    ["a &> f", ["&>"]],
    ["a < f", ["<"]],
    ["a <<EOF", ["<<"]],
    ["a <<< s", ["<<<"]],
    ["a <(b)", ["<", "(", ")"]],
    ["a $(b)", ["$("]],
    ["a `b`", ["`"]],
    ["a $((1+2))", ["$(("]],
    ["a\nb", ["newline"]],
    ["a # c", ["#"]],
  ])("%j has operators %j", (command, operators) => {
    const s = analyzeShell(command);
    expect(s.plain).toBe(false);
    expect(s.argv).toBeNull();
    for (const op of operators) expect(s.operators).toContain(op);
  });

  it.each([
    ["a $x", "$"],
    ["a $" + "{x}", "$" + "{"],
    ["a ~/x", "~"],
    ["a --prefix=~/x", "~"],
    ["a *.ts", "glob"],
    ["a ?", "glob"],
    ["a [ab]", "glob"],
    ["a {b,c}", "brace"],
    ["a $'x'", "$'"],
  ])("%j has expansion %j and is not plain", (command, expansion) => {
    const s = analyzeShell(command);
    expect(s.expansions).toContain(expansion);
    expect(s.plain).toBe(false);
  });

  it("finds commands inside substitutions, nested and within double quotes", () => {
    const s = analyzeShell('echo "$(cat $(echo x) | `id`)"');
    const programs = s.segments.map((seg) => seg[0]?.value);
    expect(programs).toEqual(expect.arrayContaining(["echo", "cat", "id"]));
    expect(s.operators).toEqual(expect.arrayContaining(["$(", "|", "`"]));
  });

  it("a `)` inside quotes or a comment does not close a substitution early", () => {
    const s = analyzeShell("echo $(echo ')' # )\n rm -rf /)");
    expect(s.segments.some((seg) => seg[0]?.value === "rm")).toBe(true);
  });

  it("redirection targets and fd numbers are not command words", () => {
    const s = analyzeShell("2>/dev/null rm -rf / >out");
    expect(s.segments).toEqual([
      [
        { value: "rm", dynamic: false },
        { value: "-rf", dynamic: false },
        { value: "/", dynamic: false },
      ],
    ]);
  });

  it("unterminated quotes and substitutions, NUL bytes, huge and deep input are not ok", () => {
    for (const bad of ["echo 'x", 'echo "x', "echo $(x", "echo `x", "echo x\\", "a\0b", "x".repeat(70_000)]) {
      const s = analyzeShell(bad);
      expect(s.ok, bad.slice(0, 20)).toBe(false);
      expect(s.plain).toBe(false);
    }
    const deep = analyzeShell(`${"$(".repeat(5000)}x${")".repeat(5000)}`);
    expect(deep).toMatchObject({ ok: false, plain: false });
    expect(deep.operators).toContain("too-deep");
  });

  it("empty input is not a plain command", () => {
    expect(analyzeShell("   ")).toMatchObject({ plain: false, argv: null, segments: [] });
  });

  it(
    "property: quoting any words and joining them re-parses to exactly those words",
    () => {
      const word = fc.string({
        unit: fc.constantFrom(
          "a",
          " ",
          "'",
          '"',
          "\\",
          "$",
          "`",
          ";",
          "|",
          "&",
          "*",
          "~",
          "\n",
          "#",
          "(",
          "{",
          "é",
          "-",
        ),
        maxLength: 12,
      });
      fc.assert(
        fc.property(fc.array(word, { minLength: 1, maxLength: 6 }), (words) => {
          const s = analyzeShell(words.map(quoteShellWord).join(" "));
          expect(s.plain).toBe(true);
          expect(s.argv).toEqual(words);
        }),
        { numRuns: runs },
      );
    },
    propertyTimeout,
  );

  it(
    "property: a plain command with any operator appended is never plain",
    () => {
      const op = fc.constantFrom(";", "&&", "||", "|", "&", ">", "<", "$(x)", "`x`", "\n", ">>", "<(x)");
      const plainWord = fc.stringMatching(/^[a-z0-9./-]{1,8}$/);
      fc.assert(
        fc.property(
          fc.array(plainWord, { minLength: 1, maxLength: 4 }),
          op,
          plainWord,
          (words, operator, tail) => {
            expect(analyzeShell(`${words.join(" ")}${operator}${tail}`).plain).toBe(false);
            expect(analyzeShell(`${words.join(" ")} ${operator} ${tail}`).plain).toBe(false);
          },
        ),
        { numRuns: runs },
      );
    },
    propertyTimeout,
  );

  it(
    "property: never throws, whatever the input",
    () => {
      fc.assert(
        fc.property(fc.string({ maxLength: 200 }), (input) => {
          const s = analyzeShell(input);
          expect(s.plain).toBe(s.argv !== null);
        }),
        { numRuns: runs },
      );
    },
    propertyTimeout,
  );
});
