import { z } from "zod";

/** A member's role in an organisation, strongest first (the order the UI lists them in). */
export const ROLES = ["owner", "admin", "approver", "viewer"] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

/**
 * What a role may do. Viewers and approvers read; owners and admins manage the organisation
 * (settings, projects, members, invitations, API tokens). Approving holds comes with the approval
 * loop. One table, so a page that hides a button and the action that refuses it cannot disagree.
 */
export type Capability = "read" | "manage-organisation" | "manage-members" | "manage-tokens";

const GRANTS: Record<Role, readonly Capability[]> = {
  owner: ["read", "manage-organisation", "manage-members", "manage-tokens"],
  admin: ["read", "manage-organisation", "manage-members", "manage-tokens"],
  approver: ["read"],
  viewer: ["read"],
};

export function can(role: Role, capability: Capability): boolean {
  return GRANTS[role].includes(capability);
}

/**
 * Whether `actor` may give `target` the role `next` (or remove them when `next` is null). Only an
 * owner makes, unmakes or removes an owner: an admin must not be able to promote themselves past
 * the people who appointed them (threat: privilege escalation by an admin).
 */
export function canChangeRole(actor: Role, targetCurrent: Role, next: Role | null): boolean {
  if (!can(actor, "manage-members")) return false;
  if (actor === "owner") return true;
  return targetCurrent !== "owner" && next !== "owner";
}
