/**
 * How a call's arguments are laid out in an envelope body (ADR 0008, 0020). The arguments recorded
 * at the envelope's own level stay together in one part (`args`, or `proposed` for the call as the
 * agent sent it); each argument the policy raised above it (file content, HTTP headers, a
 * `FOO=secret cmd`, anything shaped like a credential) is its own part, `args.<name>` /
 * `proposed.<name>`, carrying its level in `s`. Redacting to `internal` then replaces exactly those
 * values by their salted commitments (threat: a secret argument shipped with the log), while the
 * names of the withheld arguments stay readable. The action digest is not affected: it binds the
 * joined arguments (action-digest.ts).
 */

export type ArgsBase = "args" | "proposed";
export const ARGS_BASES: readonly ArgsBase[] = ["args", "proposed"];

/** Levels an argument part may carry (the envelope's own level is `internal`). */
export type RaisedLevel = "confidential" | "secret";

/**
 * Argument names that can be spelled in a part name: with `proposed.` (9 characters) in front they
 * stay within the envelope's part-name grammar `[a-z][A-Za-z0-9_.-]{0,63}`.
 */
export const ARG_PART_SUFFIX_SOURCE = "[A-Za-z0-9_-][A-Za-z0-9_.-]{0,54}";
const ARG_PART_SUFFIX = new RegExp(`^${ARG_PART_SUFFIX_SOURCE}$`);

/** The part a raised argument is recorded in, or null when its name cannot be a part name. */
export function argPartName(base: ArgsBase, arg: string): string | null {
  return ARG_PART_SUFFIX.test(arg) ? `${base}.${arg}` : null;
}

/** A body part to write: its value, and its level when above the envelope's. */
export interface ArgPartInput {
  value: unknown;
  s?: RaisedLevel;
}

/**
 * Splits `args` into the base part and one part per raised argument. An argument whose name cannot
 * be a part name stays in the base part, which is then raised to its level: over-redacting is the
 * safe failure. Key order inside a part does not matter (canonical JSON sorts keys).
 */
export function splitArgs(
  base: ArgsBase,
  args: Readonly<Record<string, unknown>>,
  levels: Readonly<Record<string, RaisedLevel>>,
): Record<string, ArgPartInput> {
  const rest: Record<string, unknown> = {};
  const parts: Record<string, ArgPartInput> = {};
  let baseLevel: RaisedLevel | undefined;
  for (const name of Object.keys(args)) {
    const level = Object.hasOwn(levels, name) ? levels[name] : undefined;
    const partName = level === undefined ? null : argPartName(base, name);
    if (level !== undefined && partName !== null) {
      parts[partName] = { value: args[name], s: level };
      continue;
    }
    if (level !== undefined) baseLevel = baseLevel === "secret" ? baseLevel : level;
    // defineProperty: an agent's `__proto__` argument stays an ordinary key.
    Object.defineProperty(rest, name, {
      value: args[name],
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return { [base]: baseLevel === undefined ? { value: rest } : { value: rest, s: baseLevel }, ...parts };
}

/** A body part as read from an envelope: open (`value`) or redacted (no `value`). */
export type ReadPart = { readonly value: unknown } | { readonly redacted: string };

export interface JoinedArgs {
  /** The arguments, joined again; undefined when the base part is absent or redacted. */
  args: Record<string, unknown> | undefined;
  /** Names of arguments whose part is redacted (their values are not in `args`). */
  withheld: string[];
}

/** Joins the base part and its argument parts back into one argument object (what the digest binds). */
export function joinArgs(body: Readonly<Record<string, ReadPart>>, base: ArgsBase): JoinedArgs {
  const basePart = Object.hasOwn(body, base) ? body[base] : undefined;
  const withheld: string[] = [];
  if (basePart === undefined || !("value" in basePart) || !isRecord(basePart.value))
    return { args: undefined, withheld };
  const args: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(basePart.value))
    Object.defineProperty(args, name, { value, enumerable: true, writable: true, configurable: true });
  const prefix = `${base}.`;
  for (const [partName, part] of Object.entries(body)) {
    if (!partName.startsWith(prefix)) continue;
    const name = partName.slice(prefix.length);
    if ("value" in part)
      Object.defineProperty(args, name, {
        value: part.value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else withheld.push(name);
  }
  return { args, withheld };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
