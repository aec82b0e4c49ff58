// The spec's role × permission table, as data. Every loader, action and API route asks `can(role, resource, action)`
// through requirePermission (permissions.server.ts); nothing else decides who may do what.
import type { UserRole } from "~/generated/prisma/enums";

export const ROLES = ["ADMIN", "MANAGER", "SUPPORT", "USER"] as const satisfies readonly UserRole[];
export type Role = (typeof ROLES)[number];

export const ACTIONS = ["create", "read", "update", "delete"] as const;
export type Action = (typeof ACTIONS)[number];

/** What can be protected. `own_data` is a user's own profile, sessions, orders and inquiries. */
export const RESOURCES = [
  "leads",
  "inquiries",
  "companies",
  "projects",
  "contents",
  "products",
  "orders",
  "analytics",
  "users",
  "audit_logs",
  "api_tokens",
  "embed_keys",
  "jobs",
  "own_data",
] as const;
export type Resource = (typeof RESOURCES)[number];

interface Permission {
  resource: Resource | "*";
  actions: readonly Action[];
}

const ALL = ACTIONS;

/** The spec's rolePermissions (セキュリティ仕様 › アクセス制御); everyone may manage their own data. */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  ADMIN: [{ resource: "*", actions: ALL }],
  MANAGER: [
    { resource: "leads", actions: ["read", "update"] },
    { resource: "projects", actions: ["create", "read", "update"] },
    { resource: "own_data", actions: ["read", "update"] },
  ],
  SUPPORT: [
    { resource: "inquiries", actions: ["read", "update"] },
    { resource: "users", actions: ["read"] },
    { resource: "own_data", actions: ["read", "update"] },
  ],
  USER: [{ resource: "own_data", actions: ["read", "update"] }],
};

export function can(role: Role, resource: Resource, action: Action): boolean {
  return ROLE_PERMISSIONS[role].some((p) => (p.resource === "*" || p.resource === resource) && p.actions.includes(action));
}

/** Whether a role may enter the admin host at all: it must be able to read something there. */
export function canUseAdmin(role: Role): boolean {
  return RESOURCES.some((resource) => resource !== "own_data" && can(role, resource, "read"));
}

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}
