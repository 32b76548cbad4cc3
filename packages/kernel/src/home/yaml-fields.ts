import { isMap, isSeq, LineCounter, parseDocument } from "yaml";
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
  return {
    ok: false,
    issues: parsed.error.issues.map((issue) => {
      const path = issue.path.map((p) => (typeof p === "symbol" ? String(p) : p));
      const offset = offsetOf(doc.contents, path);
      const pos = lineCounter.linePos(offset);
      return {
        file,
        line: pos.line,
        column: pos.col,
        field: path.join(".") || "(root)",
        message: issue.message,
      };
    }),
  };
}

/** The start offset of the deepest node along `path` that exists (the parent for a missing key). */
function offsetOf(root: unknown, path: readonly (string | number)[]): number {
  let node = root as { range?: [number, number, number] } | null;
  let best = node?.range?.[0] ?? 0;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === key);
      if (pair === undefined) break;
      const keyRange = (pair.key as { range?: [number, number, number] } | null)?.range;
      best = keyRange?.[0] ?? best;
      node = pair.value as typeof node;
    } else if (isSeq(node) && typeof key === "number") {
      node = node.items[key] as typeof node;
      best = node?.range?.[0] ?? best;
    } else break;
  }
  return best;
}

export function formatYamlIssues(issues: readonly YamlIssue[]): string {
  return issues.map((i) => `${i.file}:${i.line}:${i.column}: ${i.field}: ${i.message}`).join("\n");
}
