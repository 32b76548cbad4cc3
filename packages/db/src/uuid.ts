import { TenantStoreError, type TenantStoreErrorCode } from "./tenant-store-error.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Refuses anything but a lower-case canonical uuid before it becomes a session setting. The value
 * is passed as a bind parameter either way; this makes a malformed id a typed error at the call
 * site instead of a Postgres cast error inside a row-level security policy.
 */
export function assertUuid(
  value: unknown,
  code: TenantStoreErrorCode,
  what: string,
): asserts value is string {
  if (typeof value !== "string" || !UUID.test(value)) {
    throw new TenantStoreError(code, `${what} must be a lower-case uuid, got ${JSON.stringify(value)}`);
  }
}
