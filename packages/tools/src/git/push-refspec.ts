import { ToolError } from "../errors.ts";

/** One refspec as written, before anything is looked up in the repository. */
export interface ParsedRefspec {
  refspec: string;
  force: boolean;
  /** `null` for a delete (`:dst`). */
  source: string | null;
  /** `null` when the refspec names only a source (`main`, `+HEAD`). */
  destination: string | null;
  delete: boolean;
}

const FORBIDDEN = /[\0-\x20\x7f~^:?*[\\]/;

/**
 * Parses a push refspec strictly. Refused: wildcards (`refs/heads/*:...` can hit any branch),
 * negative refspecs (`^...`), the matching refspec (`:`), anything option-like (`--mirror`,
 * `--receive-pack=...`: threat of option injection), and more than one `:`.
 */
export function parsePushRefspec(refspec: string): ParsedRefspec {
  const fail = (why: string): never => {
    throw new ToolError("invalid-refspec", `refspec ${JSON.stringify(refspec)} refused: ${why}`, {
      details: { refspec },
    });
  };
  if (refspec.length === 0 || refspec.length > 512) fail("empty or too long");
  const force = refspec.startsWith("+");
  const body = force ? refspec.slice(1) : refspec;
  if (body.startsWith("-")) fail("looks like an option");
  if (body.startsWith("^")) fail("negative refspecs are not supported");
  if (body.includes("*")) fail("wildcard refspecs are not supported");
  const parts = body.split(":");
  if (parts.length > 2) fail("more than one ':'");
  const [src = "", dst] = parts;
  if (src === "" && (dst === undefined || dst === "")) fail("the matching refspec ':' is not supported");
  if (src !== "" && !/^[A-Za-z0-9@][A-Za-z0-9._/@{}~^-]*$/.test(src)) fail("invalid source");
  if (dst !== undefined && dst !== "") assertRefName(dst, refspec);
  if (dst === "") fail("empty destination");
  return {
    refspec,
    force,
    source: src === "" ? null : src,
    destination: dst ?? null,
    delete: src === "",
  };
}

/** git check-ref-format rules, applied to a destination (with or without the `refs/` prefix). */
export function assertRefName(name: string, refspec: string = name): void {
  const bad =
    FORBIDDEN.test(name) ||
    name.startsWith("-") ||
    name.startsWith("/") ||
    name.endsWith("/") ||
    name.endsWith(".") ||
    name.includes("..") ||
    name.includes("//") ||
    name.includes("@{") ||
    name === "@" ||
    name.split("/").some((c) => c.startsWith(".") || c.endsWith(".lock"));
  if (bad) {
    throw new ToolError(
      "invalid-refspec",
      `refspec ${JSON.stringify(refspec)} refused: invalid ref name ${name}`,
      {
        details: { refspec, ref: name },
      },
    );
  }
}
