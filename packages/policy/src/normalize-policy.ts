import type { z } from "zod";
import type { FieldPath } from "./field-path.ts";
import { normalizeRules } from "./normalize-rules.ts";
import { normalizeSensitivity } from "./normalize-sensitivity.ts";
import { normalizeApprovals, normalizeLadder } from "./normalize-settings.ts";
import { normalizeTools } from "./normalize-tools.ts";
import { PolicyError, type PolicyErrorLocation } from "./policy-error.ts";
import { type PolicyFile, policyFileSchema } from "./policy-schema.ts";
import type { PolicySource } from "./policy-source.ts";

export type LocateField = (path: FieldPath, options?: { key?: boolean }) => PolicyErrorLocation;

/** Validates a parsed policy document and returns its normalised form, or throws a PolicyError. */
export function normalizePolicy(data: unknown, locate: LocateField): PolicySource {
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    throw new PolicyError(
      "invalid-field",
      "a policy file is a mapping with version, tools and rules",
      locate([]),
    );
  }
  const version = (data as { version?: unknown }).version;
  if (version !== 1) {
    const detail =
      version === undefined
        ? "version is required (version: 1)"
        : `unsupported policy version ${JSON.stringify(version)}; this build reads version 1`;
    throw new PolicyError("unsupported-version", detail, locate(["version"]));
  }
  const proto = protoKeyPath(data, []);
  if (proto !== null) {
    // zod's record() skips a `__proto__` key silently: an argument declared under it would vanish.
    throw new PolicyError("invalid-field", "__proto__ is not a valid name", locate(proto, { key: true }));
  }
  const parsed = policyFileSchema.safeParse(data);
  if (!parsed.success) throw schemaError(parsed.error.issues, locate);
  const file: PolicyFile = parsed.data;
  const tools = normalizeTools(file.tools, locate);
  return {
    version: 1,
    mode: file.mode ?? "enforce",
    tools,
    rules: normalizeRules(file.rules ?? [], tools, locate),
    approvals: normalizeApprovals(file.approvals, locate),
    ladder: normalizeLadder(file.ladder, locate),
    sensitivity: normalizeSensitivity(file.sensitivity, locate),
  };
}

function protoKeyPath(value: unknown, path: (string | number)[]): (string | number)[] | null {
  if (value === null || typeof value !== "object") return null;
  if (!Array.isArray(value) && Object.hasOwn(value, "__proto__")) return [...path, "__proto__"];
  for (const [key, child] of Object.entries(value)) {
    const found = protoKeyPath(child, [...path, Array.isArray(value) ? Number(key) : key]);
    if (found !== null) return found;
  }
  return null;
}

function schemaError(issues: readonly z.core.$ZodIssue[], locate: LocateField): PolicyError {
  const issue = bestIssue(issues);
  const path = issue.path.filter((p): p is string | number => typeof p !== "symbol");
  const more =
    issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? "s" : ""})` : "";
  if (issue.code === "unrecognized_keys") {
    const key = issue.keys[0]!;
    return new PolicyError(
      "unknown-field",
      `unknown field ${JSON.stringify(key)}${more}`,
      locate([...path, key], { key: true }),
    );
  }
  const missing = issue.code === "invalid_type" && issue.message.endsWith("received undefined");
  const detail = missing ? "required field is missing" : issue.message;
  return new PolicyError("invalid-field", `${detail}${more}`, locate(path));
}

/** Of a union's alternatives, the most specific complaint is the most useful one. */
function bestIssue(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue {
  const issue = issues[0]!;
  if (issue.code !== "invalid_union" || issue.errors.length === 0) return issue;
  const candidates = issue.errors
    .flat()
    .map((inner) => ({ ...inner, path: [...issue.path, ...inner.path] }) as z.core.$ZodIssue);
  candidates.sort((a, b) => score(b) - score(a));
  return bestIssue([candidates[0]!]);
}

function score(issue: z.core.$ZodIssue): number {
  return issue.path.length * 2 + (issue.code === "invalid_type" ? 0 : 1);
}
