// The areas of the admin, in navigation order, with the permission each needs to be seen.
import {
  BookOpen,
  Building2,
  ChartLine,
  DraftingCompass,
  FilePenLine,
  Gift,
  KeyRound,
  LockKeyhole,
  Mail,
  Puzzle,
  Receipt,
  ShieldCheck,
  Target,
  Timer,
  Users,
  type LucideIcon,
} from "lucide-react";
import type { Resource } from "~/modules/identity/permissions";

export interface AdminSection {
  slug: string;
  /** Translation key under admin.* */
  label: string;
  /** Drawn as inline SVG (lucide-react): no emoji font needed, the brand colour through currentColor. */
  icon: LucideIcon;
  resource: Resource;
}

export const ADMIN_SECTIONS: readonly AdminSection[] = [
  { slug: "leads", label: "leads", icon: Target, resource: "leads" },
  { slug: "inquiries", label: "inquiries", icon: Mail, resource: "inquiries" },
  { slug: "companies", label: "companies", icon: Building2, resource: "companies" },
  { slug: "projects", label: "projects", icon: DraftingCompass, resource: "projects" },
  { slug: "contents", label: "contents", icon: FilePenLine, resource: "contents" },
  { slug: "products", label: "products", icon: Gift, resource: "products" },
  { slug: "orders", label: "orders", icon: Receipt, resource: "orders" },
  { slug: "analytics", label: "analytics", icon: ChartLine, resource: "analytics" },
  { slug: "audit", label: "audit", icon: ShieldCheck, resource: "audit_logs" },
  { slug: "users", label: "users", icon: Users, resource: "users" },
  // GDPR export and erasure: looking up needs users:read, exporting and erasing are the ADMIN's.
  { slug: "privacy", label: "privacy", icon: LockKeyhole, resource: "users" },
  { slug: "embed-keys", label: "embedKeys", icon: Puzzle, resource: "embed_keys" },
  { slug: "jobs", label: "jobs", icon: Timer, resource: "jobs" },
  // Personal API tokens: every staff member manages their own.
  { slug: "tokens", label: "tokens", icon: KeyRound, resource: "own_data" },
  { slug: "api-docs", label: "apiDocs", icon: BookOpen, resource: "own_data" },
];
