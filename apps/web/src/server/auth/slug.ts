import { randomBytes } from "node:crypto";

/** Slugs name organisations and projects in URLs: lower-case ASCII letters, digits and dashes. */
export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/;

/** A slug derived from a display name; "org" when nothing usable is left. */
export function slugify(name: string): string {
  const slug = name
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/g, "");
  return slug || "org";
}

/** The slug with a short random suffix, for the retry after a taken slug. */
export function withSuffix(slug: string): string {
  return `${slug.slice(0, 40)}-${randomBytes(3).toString("hex")}`;
}
