export type TenantStoreErrorCode =
  | "invalid-tenant-id"
  | "invalid-user-id"
  | "invalid-session-id"
  | "role-bypasses-rls"
  | "embedded-postgres-failed";

/** A refusal of the tenant store, with a stable code the API and the CLI map to their answers. */
export class TenantStoreError extends Error {
  constructor(
    readonly code: TenantStoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "TenantStoreError";
  }
}
