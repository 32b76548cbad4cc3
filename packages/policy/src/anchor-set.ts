import { existsSync } from "node:fs";
import path from "node:path";
import { foldsCase } from "./case-folding.ts";
import type { AnchorKind, ProtectedAnchors } from "./protected-anchor.ts";
import { isInside, PathResolutionError, realPathOf } from "./resolve-path.ts";

/** Where a path stands relative to an anchor. */
export interface AnchorRelation {
  readonly kind: AnchorKind;
  /** The anchor path as configured (for messages). */
  readonly anchor: string;
  /** `inside`: the anchor itself or below it; `ancestor`: a folder that holds it. */
  readonly relation: "inside" | "ancestor";
}

interface CompiledAnchor {
  readonly kind: AnchorKind;
  readonly path: string;
  /** Comparison keys: the configured path and its real path (symlinks resolved), case-folded where the file system folds. */
  readonly keys: readonly string[];
  readonly folds: boolean;
}

// Resolved anchors per spec (the kernel keeps one spec for its lifetime). Resolving costs a
// realpath per anchor, several times the cost of the rest of resolveCall, so it is redone only when
// an anchor appeared or disappeared: where an anchor does not exist yet, a component of its path
// could since have been created, as a symlink, somewhere else. Existing components inside the
// workspace are the root and the anchors themselves, which no call can replace.
const resolved = new WeakMap<ProtectedAnchors, { set: AnchorSet; exists: string }>();

/** The anchors of `spec`, resolved (cached while no anchor appeared or vanished). */
export function anchorSetOf(spec: ProtectedAnchors | undefined): AnchorSet {
  if (spec === undefined) return new AnchorSet(undefined);
  const exists = spec.anchors.map((a) => (existsSync(a.path) ? "1" : "0")).join("");
  const cached = resolved.get(spec);
  if (cached !== undefined && cached.exists === exists) return cached.set;
  const set = new AnchorSet(spec);
  resolved.set(spec, { set, exists });
  return set;
}

/**
 * The anchors resolved: real paths (the longest existing prefix through realpath, every symlink
 * followed, like any path argument) and whether their file system folds case.
 */
export class AnchorSet {
  readonly #anchors: CompiledAnchor[];
  readonly userHome: string | undefined;

  constructor(spec: ProtectedAnchors | undefined) {
    this.userHome = spec?.userHome;
    this.#anchors = (spec?.anchors ?? []).map(({ kind, path: given }) => {
      const lexical = path.resolve(given);
      let real = lexical;
      try {
        real = realPathOf(lexical).real;
      } catch (error) {
        // An anchor we cannot resolve (a symlink loop in the operator's own layout) is still
        // protected under the name it was given.
        if (!(error instanceof PathResolutionError)) throw error;
      }
      const folds = foldsCase(existingPrefix(real));
      const keys = [...new Set([lexical, real])].map((k) => foldKey(k, folds));
      return { kind, path: lexical, keys, folds };
    });
  }

  get size(): number {
    return this.#anchors.length;
  }

  /** Every spelling an anchor goes by, for substring checks on command text. */
  forms(): { kind: AnchorKind; path: string; folds: boolean; forms: readonly string[] }[] {
    return this.#anchors.map((a) => ({ kind: a.kind, path: a.path, folds: a.folds, forms: a.keys }));
  }

  /** The closest relation of an absolute (lexical or real) path to any anchor; inside wins over ancestor. */
  relationOf(absolute: string): AnchorRelation | null {
    let ancestor: AnchorRelation | null = null;
    for (const a of this.#anchors) {
      const candidate = foldKey(absolute, a.folds);
      for (const key of a.keys) {
        if (isInside(candidate, key)) return { kind: a.kind, anchor: a.path, relation: "inside" };
        if (ancestor === null && isInside(key, candidate))
          ancestor = { kind: a.kind, anchor: a.path, relation: "ancestor" };
      }
    }
    return ancestor;
  }
}

export function foldKey(p: string, folds: boolean): string {
  return folds ? p.normalize("NFC").toLowerCase() : p;
}

/** The deepest existing path of a real path (realPathOf keeps a missing tail lexical). */
function existingPrefix(real: string): string {
  let p = real;
  while (!existsSync(p) && path.dirname(p) !== p) p = path.dirname(p);
  return p;
}
