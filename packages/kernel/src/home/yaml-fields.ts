import { yamlLocator } from "@lodestar/policy";
import { LineCounter, parseDocument } from "yaml";
import type { z } from "zod";

/** A problem in a YAML file, located at the line and column of the field it is about. */
export interface YamlIssue {
  file: string;
  line: number;
  column: number;
  field: string;
  message: string;
}

/**
 * Parses YAML text and validates it with a zod schema. Errors name the file, line, column and
 * field (a dotted path), taken from the YAML node that holds the offending value.
 */
export function parseYamlWith<T>(
  text: string,
  file: string,
  schema: z.ZodType<T>,
): { ok: true; value: T } | { ok: false; issues: YamlIssue[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      issues: doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return {
          file,
          line: pos.line,
          column: pos.col,
          field: "(syntax)",
          message: e.message.split("\n")[0] ?? e.message,
        };
      }),
    };
  }
  const parsed = schema.safeParse(doc.toJS() ?? {});
  if (parsed.success) return { ok: true, value: parsed.data };
  // The same locator the policy loader uses: the offending key, or its nearest existing parent.
  const locate = yamlLocator(doc, lineCounter, file);
  return {
    ok: false,
    issues: parsed.error.issues.map((issue) => {
      const where = locate(
        issue.path.map((p) => (typeof p === "symbol" ? String(p) : p)),
        { key: true },
      );
      return {
        file,
        line: where.line ?? 1,
        column: where.column ?? 1,
        field: where.field || "(root)",
        message: issue.message,
      };
    }),
  };
}

export function formatYamlIssues(issues: readonly YamlIssue[]): string {
  return issues.map((i) => `${i.file}:${i.line}:${i.column}: ${i.field}: ${i.message}`).join("\n");
}
