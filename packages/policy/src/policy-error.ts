export type PolicyErrorCode =
  | "read-failed"
  | "too-large"
  | "yaml-syntax"
  | "duplicate-key"
  | "unsupported-version"
  | "invalid-field"
  | "unknown-field"
  | "duplicate-rule-id"
  | "invalid-pattern"
  | "invalid-constraint"
  | "invalid-ladder-event";

/** Where in a policy file a problem is. Line and column are 1-based; `field` is a dotted path. */
export interface PolicyErrorLocation {
  file?: string;
  line?: number;
  column?: number;
  field?: string;
}

/**
 * Any problem with a policy file or policy input. The message is one line naming the file, line,
 * column and field, so an operator can fix the file without reading code.
 */
export class PolicyError extends Error {
  override readonly name = "PolicyError";
  readonly code: PolicyErrorCode;
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly field: string | undefined;
  /** The problem without the location prefix. */
  readonly detail: string;

  constructor(
    code: PolicyErrorCode,
    detail: string,
    where: PolicyErrorLocation = {},
    options?: ErrorOptions,
  ) {
    super(`${formatLocation(where)}${detail}`, options);
    this.code = code;
    this.detail = detail;
    this.file = where.file;
    this.line = where.line;
    this.column = where.column;
    this.field = where.field;
  }
}

function formatLocation(where: PolicyErrorLocation): string {
  const parts: string[] = [];
  if (where.file !== undefined) {
    let at = where.file;
    if (where.line !== undefined) at += `:${where.line}`;
    if (where.line !== undefined && where.column !== undefined) at += `:${where.column}`;
    parts.push(at);
  } else if (where.line !== undefined) {
    parts.push(`line ${where.line}${where.column !== undefined ? `, column ${where.column}` : ""}`);
  }
  if (where.field !== undefined && where.field !== "") parts.push(`field ${where.field}`);
  return parts.length > 0 ? `${parts.join(": ")}: ` : "";
}
