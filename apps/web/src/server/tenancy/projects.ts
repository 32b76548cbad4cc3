import type { Db } from "@lodestar/db";
import { z } from "zod";
import { AccessError } from "../auth/access-error.ts";
import { isUniqueViolation } from "../auth/sign-up.ts";
import { SLUG_PATTERN, slugify } from "../auth/slug.ts";

export interface ProjectSummary {
  id: string;
  slug: string;
  name: string;
  createdAt: Date;
  sessions: number;
}

export const newProjectSchema = z.object({
  name: z.string().trim().min(1, "name: required").max(100, "name: at most 100 characters"),
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .regex(SLUG_PATTERN, "slug: lower-case letters, digits and dashes")
    .optional()
    .or(z.literal("").transform(() => undefined)),
});

export async function listProjects(db: Db, tenantId: string): Promise<ProjectSummary[]> {
  const rows = await db.withTenant(tenantId, (tx) =>
    tx.project.findMany({
      where: { tenantId },
      orderBy: { createdAt: "asc" },
      select: { id: true, slug: true, name: true, createdAt: true, _count: { select: { sessions: true } } },
    }),
  );
  return rows.map(({ _count, ...project }) => ({ ...project, sessions: _count.sessions }));
}

export async function createProject(
  db: Db,
  tenantId: string,
  input: z.input<typeof newProjectSchema>,
): Promise<{ slug: string }> {
  const parsed = newProjectSchema.safeParse(input);
  if (!parsed.success)
    throw new AccessError("invalid-input", parsed.error.issues[0]?.message ?? "invalid project");
  const slug = parsed.data.slug ?? slugify(parsed.data.name);
  try {
    await db.withTenant(tenantId, (tx) =>
      tx.project.create({ data: { tenantId, slug, name: parsed.data.name } }),
    );
  } catch (error) {
    if (isUniqueViolation(error, "slug")) throw new AccessError("conflict", `slug: "${slug}" is taken`);
    throw error;
  }
  return { slug };
}
