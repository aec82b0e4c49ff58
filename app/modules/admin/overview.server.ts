// The numbers on the admin's first page: how much each site holds, straight from the tables.
import type { Brand } from "~/lib/tenant";
import { BRAND_INFO } from "~/modules/brand/brands";
import { getDb } from "~/lib/db.server";

export interface SiteOverview {
  leads: number;
  openLeads: number;
  inquiries: number;
  openInquiries: number;
}

export async function getOverview(): Promise<{ sites: Record<Brand, SiteOverview>; projects: number; orders: number }> {
  const db = getDb();
  const perSite = async (domain: string): Promise<SiteOverview> => {
    const [leads, openLeads, inquiries, openInquiries] = await Promise.all([
      db.lead.count({ where: { sourceDomain: domain } }),
      db.lead.count({ where: { sourceDomain: domain, status: { notIn: ["won", "lost"] } } }),
      db.inquiry.count({ where: { lead: { sourceDomain: domain } } }),
      db.inquiry.count({ where: { lead: { sourceDomain: domain }, status: { in: ["open", "in_progress"] } } }),
    ]);
    return { leads, openLeads, inquiries, openInquiries };
  };
  const [yuya, aoba, projects, orders] = await Promise.all([
    perSite(BRAND_INFO.yuya.domain),
    perSite(BRAND_INFO.aoba.domain),
    db.project.count(),
    db.order.count(),
  ]);
  return { sites: { yuya, aoba }, projects, orders };
}
