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

/**
 * The anchors resolved for one call: real paths (the longest existing prefix through realpath,
 * every symlink followed, like any path argument) and whether their file system folds case.
 * Resolved per call, not once: a component of an anchor path that does not exist yet could be
 * created, as a symlink, before the next call.
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
