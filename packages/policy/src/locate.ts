import type { FieldPath } from "./field-path.ts";
import { PolicyError, type PolicyErrorCode, type PolicyErrorLocation } from "./policy-error.ts";

/** Maps a field path to where it is in the source (file, line, column), or just its name. */
export type Locate = (path: FieldPath) => PolicyErrorLocation;

export function raise(locate: Locate, code: PolicyErrorCode, detail: string, path: FieldPath): never {
  throw new PolicyError(code, detail, locate(path));
}
