import { type Document, isMap, isPair, isScalar, isSeq, type LineCounter, type Node } from "yaml";
import type { FieldPath } from "./field-path.ts";
import { fieldName } from "./field-path.ts";
import type { PolicyErrorLocation } from "./policy-error.ts";

/**
 * Finds a field in the parsed YAML and reports its 1-based line and column. A field that does not
 * exist (a missing required key) is reported at its nearest existing parent. With `key`, a map
 * entry is reported at its key (an unknown field), otherwise at its value.
 */
export function yamlLocator(doc: Document, lineCounter: LineCounter, file: string | undefined) {
  return (path: FieldPath, options: { key?: boolean } = {}): PolicyErrorLocation => {
    let node: unknown = doc.contents;
    let found: Node | null = (doc.contents as Node | null) ?? null;
    for (const [i, part] of path.entries()) {
      const last = i === path.length - 1;
      if (isMap(node)) {
        const pair = node.items.find(
          (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(part),
        );
        if (pair === undefined) break;
        const keyNode = pair.key as Node;
        node = pair.value;
        found =
          last && (options.key === true || !isNodeWithRange(pair.value))
            ? keyNode
            : ((pair.value as Node | null) ?? keyNode);
      } else if (isSeq(node) && typeof part === "number" && node.items[part] !== undefined) {
        node = node.items[part];
        found = node as Node;
      } else {
        break;
      }
    }
    const where: PolicyErrorLocation = { field: fieldName(path) };
    if (file !== undefined) where.file = file;
    const offset = found?.range?.[0];
    if (offset !== undefined) {
      const { line, col } = lineCounter.linePos(offset);
      where.line = line;
      where.column = col;
    }
    return where;
  };
}

function isNodeWithRange(value: unknown): boolean {
  return (
    value !== null && typeof value === "object" && "range" in value && Array.isArray((value as Node).range)
  );
}
