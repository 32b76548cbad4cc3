import type postgres from "postgres";
import { TenantStoreError } from "./tenant-store-error.ts";

interface RoleFacts {
  role: string;
  superuser: boolean;
  bypassrls: boolean;
  owned_tables: string[];
}

/**
 * Refuses to serve through a connection on which row-level security would not bind: a superuser
 * or BYPASSRLS role skips every policy, and a table owner could ALTER TABLE … NO FORCE / DISABLE
 * ROW LEVEL SECURITY. Threat: a deployment configured with the migration (owner) URL for the app,
 * which would make tenant isolation depend on every query being right.
 */
export async function assertAppRole(sql: postgres.Sql): Promise<void> {
  const [facts] = await sql<RoleFacts[]>`
    SELECT current_user AS role, r.rolsuper AS superuser, r.rolbypassrls AS bypassrls,
      ARRAY(SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
              AND pg_has_role(current_user, c.relowner, 'USAGE')
            ORDER BY 1) AS owned_tables
    FROM pg_roles r WHERE r.rolname = current_user`;
  if (facts === undefined) throw new TenantStoreError("role-bypasses-rls", "current role not found");
  const problems = [
    facts.superuser && "is a superuser",
    facts.bypassrls && "has BYPASSRLS",
    facts.owned_tables.length > 0 && `owns (or is a member of the owner of) ${facts.owned_tables.join(", ")}`,
  ].filter((p): p is string => typeof p === "string");
  if (problems.length > 0) {
    throw new TenantStoreError(
      "role-bypasses-rls",
      `the app's database role ${facts.role} ${problems.join("; ")}: connect as machinaut_app (docs/adr/0022)`,
    );
  }
}
