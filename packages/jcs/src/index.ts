export { canonicalBytes } from "./canonical-bytes.ts";
export { type CanonicalizeOptions, canonicalize } from "./canonicalize.ts";
export { DEFAULT_MAX_DEPTH, MAX_ALLOWED_DEPTH } from "./depth-limit.ts";
export { JcsError, type JcsErrorCode } from "./jcs-error.ts";
export { JsonParseError, type JsonParseErrorCode } from "./json-parse-error.ts";
export { type ParseStrictOptions, parseStrict } from "./parse-strict.ts";
