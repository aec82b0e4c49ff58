// The areas of the admin, in navigation order, with the permission each needs to be seen.
import type { Resource } from "~/modules/identity/permissions";

export interface AdminSection {
  slug: string;
  /** Translation key under admin.* */
  label: string;
  icon: string;
  resource: Resource;
}

export const ADMIN_SECTIONS: readonly AdminSection[] = [
  { slug: "leads", label: "leads", icon: "🎯", resource: "leads" },
  { slug: "inquiries", label: "inquiries", icon: "✉️", resource: "inquiries" },
  { slug: "companies", label: "companies", icon: "🏢", resource: "companies" },
  { slug: "projects", label: "projects", icon: "📐", resource: "projects" },
  { slug: "contents", label: "contents", icon: "📝", resource: "contents" },
  { slug: "products", label: "products", icon: "🎁", resource: "products" },
  { slug: "orders", label: "orders", icon: "🧾", resource: "orders" },
  { slug: "analytics", label: "analytics", icon: "📈", resource: "analytics" },
  { slug: "audit", label: "audit", icon: "🛡️", resource: "audit_logs" },
  { slug: "users", label: "users", icon: "👥", resource: "users" },
  // GDPR export and erasure: looking up needs users:read, exporting and erasing are the ADMIN's.
  { slug: "privacy", label: "privacy", icon: "🔏", resource: "users" },
  { slug: "embed-keys", label: "embedKeys", icon: "🧩", resource: "embed_keys" },
  { slug: "jobs", label: "jobs", icon: "⏱️", resource: "jobs" },
  // Personal API tokens: every staff member manages their own.
  { slug: "tokens", label: "tokens", icon: "🔑", resource: "own_data" },
  { slug: "api-docs", label: "apiDocs", icon: "📘", resource: "own_data" },
];

export function findSection(slug: string | undefined): AdminSection | undefined {
  return ADMIN_SECTIONS.find((section) => section.slug === slug);
}
