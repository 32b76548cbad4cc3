import { expect, test } from "@playwright/test";
import { SEED } from "../fixtures/e2e-env.ts";
import { shoot, signInWithPassword } from "./helpers.ts";

/**
 * The page-route IDOR matrix: every page scoped by organisation or project, for the other
 * tenant's ids, answers 404 with the same body as a page that does not exist, and no data.
 */
function pageRoutes(org: string, projects: string[]): string[] {
  const routes = [`/o/${org}`, `/o/${org}/projects`, `/o/${org}/members`, `/o/${org}/settings`];
  for (const project of projects) {
    routes.push(`/o/${org}/p/${project}`, `/o/${org}/p/${project}/sessions`, `/o/${org}/p/${project}/tokens`);
  }
  return routes;
}

const TENANTS = [
  {
    who: SEED.acme.owner.email,
    own: { org: SEED.acme.slug, projects: ["default", SEED.acme.fleet.slug] },
    other: {
      org: SEED.globex.slug,
      projects: ["default", SEED.globex.project.slug],
      secrets: [SEED.globex.name, SEED.globex.session, SEED.globex.owner.email, SEED.globex.project.name],
    },
  },
  {
    who: SEED.globex.owner.email,
    own: { org: SEED.globex.slug, projects: ["default", SEED.globex.project.slug] },
    other: {
      org: SEED.acme.slug,
      projects: ["default", SEED.acme.fleet.slug],
      secrets: [SEED.acme.name, SEED.acme.verifiedSession, SEED.acme.owner.email, SEED.acme.viewer.email],
    },
  },
];

for (const tenant of TENANTS) {
  test(`${tenant.who}: the other organisation's pages are 404 with no data`, async ({ page }) => {
    await signInWithPassword(page, tenant.who);
    const missing = await page.request.get("/o/no-such-organisation/projects");
    expect(missing.status()).toBe(404);

    const crossRoutes = [
      ...pageRoutes(tenant.other.org, tenant.other.projects),
      // Own organisation, the other tenant's project slug: still nothing.
      ...tenant.other.projects
        .filter((p) => !tenant.own.projects.includes(p))
        .flatMap((p) => [`/o/${tenant.own.org}/p/${p}/sessions`, `/o/${tenant.own.org}/p/${p}/tokens`]),
    ];
    for (const route of crossRoutes) {
      const response = await page.request.get(route, { maxRedirects: 0 });
      expect(response.status(), route).toBe(404);
      const body = await response.text();
      for (const secret of tenant.other.secrets)
        expect(body, `${route} leaks ${secret}`).not.toContain(secret);
    }
    // The same routes of one's own organisation answer (the matrix is not vacuous).
    for (const route of pageRoutes(tenant.own.org, tenant.own.projects)) {
      const response = await page.request.get(route);
      expect(response.status(), route).toBe(200);
    }
    await page.goto(`/o/${tenant.other.org}/projects`);
    await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
    await shoot(page, "07-not-found");
  });
}
