import { readFile } from "node:fs/promises";
import { LineCounter, parseDocument } from "yaml";
import { compilePolicy, type Policy } from "./compile-policy.ts";
import { fieldName } from "./field-path.ts";
import { normalizePolicy } from "./normalize-policy.ts";
import { PolicyError } from "./policy-error.ts";
import { yamlLocator } from "./yaml-locator.ts";

const MAX_POLICY_BYTES = 1024 * 1024;

/** Parses, validates and compiles a policy file's text. Errors name file, line, column and field. */
export function parsePolicy(text: string, options: { file?: string } = {}): Policy {
  const { file } = options;
  if (text.length > MAX_POLICY_BYTES)
    throw new PolicyError(
      "too-large",
      "policy file is larger than 1 MiB",
      file === undefined ? {} : { file },
    );
  const lineCounter = new LineCounter();
  // uniqueKeys: a duplicated key would otherwise silently let the second definition win.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, version: "1.2" });
  const first = doc.errors[0];
  if (first !== undefined) {
    const { line, col } = lineCounter.linePos(first.pos[0]);
    const code = first.code === "DUPLICATE_KEY" ? "duplicate-key" : "yaml-syntax";
    const message = first.message.split("\n")[0]!;
    throw new PolicyError(code, message, { ...(file === undefined ? {} : { file }), line, column: col });
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 }); // bounds alias expansion ("billion laughs")
  } catch (error) {
    throw new PolicyError("yaml-syntax", (error as Error).message, file === undefined ? {} : { file }, {
      cause: error,
    });
  }
  return compilePolicy(normalizePolicy(data, yamlLocator(doc, lineCounter, file)));
}

export async function loadPolicyFile(file: string): Promise<Policy> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new PolicyError(
      "read-failed",
      `cannot read policy file: ${(error as Error).message}`,
      { file },
      { cause: error },
    );
  }
  return parsePolicy(text, { file });
}

/** Validates and compiles a policy given as a plain object (no source positions: errors name the field). */
export function policyFromObject(data: unknown): Policy {
  return compilePolicy(normalizePolicy(data, (path) => ({ field: fieldName(path) })));
}
