import { ENVELOPE_KINDS } from "./kinds.ts";
import {
  ENVELOPE_ID_PATTERN,
  HEX64_PATTERN,
  MAX_ACTOR_FIELD,
  MAX_PARENTS,
  PART_NAME_PATTERN,
  SALT_PATTERN,
  SESSION_PATTERN,
  TIMESTAMP_PATTERN,
} from "./patterns.ts";
import { SENSITIVITIES } from "./sensitivity.ts";

/** Where a value breaks the v1 schema. */
export interface FieldProblem {
  field: string;
  message: string;
}

export const KINDS: ReadonlySet<unknown> = new Set(ENVELOPE_KINDS);
export const LEVELS: ReadonlySet<unknown> = new Set(SENSITIVITIES);
const TOP_KEYS = new Set([
  "v",
  "id",
  "session",
  "seq",
  "ts",
  "kind",
  "actor",
  "parents",
  "sensitivity",
  "body",
  "prev",
  "hash",
]);
const ACTOR_KEYS = new Set(["agent", "model", "operator"]);
const PATTERNED = [
  ["id", ENVELOPE_ID_PATTERN],
  ["session", SESSION_PATTERN],
  ["ts", TIMESTAMP_PATTERN],
  ["prev", HEX64_PATTERN],
  ["hash", HEX64_PATTERN],
] as const;

/**
 * The EnvelopeSchema rules written out by hand: the writer's hot path, where zod's parse (which
 * also copies the object) costs more than everything else put together. EnvelopeSchema stays the
 * declared schema; a property test checks that this function and zod accept exactly the same values.
 */
export function envelopeFieldProblem(value: unknown): FieldProblem | undefined {
  if (!isRecord(value)) return { field: "", message: "envelope must be an object" };
  for (const key of Object.keys(value)) {
    if (!TOP_KEYS.has(key)) return { field: "", message: `unknown field ${JSON.stringify(key)}` };
  }
  if (value["v"] !== 1) return { field: "/v", message: "v must be 1" };
  const seq = value["seq"];
  if (typeof seq !== "number" || !Number.isSafeInteger(seq) || seq < 0) {
    return { field: "/seq", message: "seq must be a non-negative safe integer" };
  }
  for (const [key, pattern] of PATTERNED) {
    const field = value[key];
    if (typeof field !== "string" || !pattern.test(field))
      return { field: `/${key}`, message: `invalid ${key}` };
  }
  if (!KINDS.has(value["kind"])) return { field: "/kind", message: "unknown kind" };
  if (!LEVELS.has(value["sensitivity"])) return { field: "/sensitivity", message: "unknown sensitivity" };
  return actorProblem(value["actor"]) ?? parentsProblem(value["parents"]) ?? bodyProblem(value["body"]);
}

export function actorProblem(actor: unknown): FieldProblem | undefined {
  if (!isRecord(actor)) return { field: "/actor", message: "actor must be an object" };
  for (const key of Object.keys(actor)) {
    if (!ACTOR_KEYS.has(key))
      return { field: "/actor", message: `unknown actor field ${JSON.stringify(key)}` };
  }
  for (const key of ACTOR_KEYS) {
    const field = actor[key];
    if (field === undefined && key !== "agent") continue;
    if (typeof field !== "string" || field.length < 1 || field.length > MAX_ACTOR_FIELD) {
      return { field: `/actor/${key}`, message: `actor.${key} must be 1-${MAX_ACTOR_FIELD} characters` };
    }
  }
  return undefined;
}

export function parentsProblem(parents: unknown): FieldProblem | undefined {
  if (!Array.isArray(parents) || parents.length > MAX_PARENTS) {
    return { field: "/parents", message: `parents must be an array of at most ${MAX_PARENTS} ids` };
  }
  for (let i = 0; i < parents.length; i++) {
    const id = parents[i];
    if (typeof id !== "string" || !ENVELOPE_ID_PATTERN.test(id))
      return { field: `/parents/${i}`, message: "invalid id" };
  }
  return undefined;
}

function bodyProblem(body: unknown): FieldProblem | undefined {
  if (!isRecord(body)) return { field: "/body", message: "body must be an object" };
  for (const name of Object.keys(body)) {
    if (!PART_NAME_PATTERN.test(name)) return { field: `/body/${name}`, message: "invalid part name" };
    if (!isValidPart(body[name])) {
      return { field: `/body/${name}`, message: "part must be { s?, salt, value } or { s?, redacted }" };
    }
  }
  return undefined;
}

function isValidPart(part: unknown): boolean {
  if (!isRecord(part)) return false;
  if (part["s"] !== undefined && !LEVELS.has(part["s"])) return false;
  let open = true;
  let redacted = true;
  const keys = Object.keys(part);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (key !== "s" && key !== "salt" && key !== "value") open = false;
    if (key !== "s" && key !== "redacted") redacted = false;
  }
  const salt = part["salt"];
  if (open && typeof salt === "string" && SALT_PATTERN.test(salt) && Object.hasOwn(part, "value"))
    return true;
  const commitment = part["redacted"];
  return redacted && typeof commitment === "string" && HEX64_PATTERN.test(commitment);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
