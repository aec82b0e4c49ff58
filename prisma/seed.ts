// Demo data for both sites: one account per role, customers with Japanese and English names, companies,
// leads in every status and priority, inquiries, projects with deliverables, categorised content,
// products, orders and 90 days of analytics. Deterministic (its own seeded generator and name lists below, so the
// first start of the server needs no fake-data package) and idempotent.
import { emailHash } from "../app/lib/crypto.server.ts";
import { createPrismaClient, type PrismaClient } from "../app/lib/db.server.ts";
import { Prisma } from "../app/generated/prisma/client.ts";
import type {
  ActivityType,
  CharacterOwner,
  CompanySize,
  ContactRole,
  ContentEventType,
  ContentType,
  DeliverableStatus,
  InquiryStatus,
  InquiryType,
  LeadStatus,
  LeadType,
  OrderStatus,
  Priority,
  ProjectStatus,
  ProjectType,
  UserRole,
} from "../app/generated/prisma/enums.ts";

export const DEMO_ACCOUNTS: { email: string; name: string; role: UserRole }[] = [
  { email: "admin@example.com", name: "管理 太郎 (Admin)", role: "ADMIN" },
  { email: "manager@example.com", name: "Morgan Manager", role: "MANAGER" },
  { email: "support@example.com", name: "佐藤 サポート (Support)", role: "SUPPORT" },
  { email: "user@example.com", name: "Yuki User", role: "USER" },
];

/** Present once the demo data set has been written; a rerun then only refreshes the demo accounts. */
const MARKER_SLUG = "yuya-welcome-to-kabuki-ai";

const DAY = 86_400_000;
const LEAD_STATUSES: LeadStatus[] = ["new", "contacted", "qualified", "proposal", "negotiation", "won", "lost"];
const PRIORITIES: Priority[] = ["low", "medium", "high", "urgent"];
const SITES = {
  yuya: { domain: "yuya-kabuki.com", source: "yuya_site" },
  aoba: { domain: "aoba-nekosora.com", source: "aoba_site" },
} as const;
type Site = keyof typeof SITES;

/** mulberry32: a small seeded PRNG, enough for demo data (not for anything secret). Returns [0, 1). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const JA_SURNAMES = [
  "佐藤",
  "鈴木",
  "高橋",
  "田中",
  "伊藤",
  "渡辺",
  "山本",
  "中村",
  "小林",
  "加藤",
  "吉田",
  "山田",
  "佐々木",
  "山口",
  "松本",
  "井上",
  "木村",
  "林",
  "斎藤",
  "清水",
  "山崎",
  "森",
  "池田",
  "橋本",
  "阿部",
  "石川",
  "山下",
  "中島",
  "石井",
  "小川",
  "前田",
  "岡田",
  "長谷川",
  "藤田",
  "後藤",
  "近藤",
  "村上",
  "遠藤",
  "青木",
  "坂本",
  "西川",
  "宮田",
  "和田",
  "堀内",
  "富田",
  "福原",
  "松野",
  "藤村",
  "須藤",
  "米山",
];
const JA_GIVEN_NAMES = [
  "翔太",
  "大輝",
  "拓哉",
  "駿",
  "隆",
  "優斗",
  "康平",
  "勲",
  "昭一",
  "健太",
  "蓮",
  "悠真",
  "陽翔",
  "湊",
  "樹",
  "大和",
  "誠",
  "浩二",
  "直樹",
  "亮",
  "恵美子",
  "美優",
  "静子",
  "フミ",
  "陽菜",
  "結衣",
  "さくら",
  "葵",
  "凛",
  "美咲",
  "真由美",
  "由美",
  "彩花",
  "七海",
  "千尋",
  "愛",
  "明美",
  "裕子",
  "舞",
  "花子",
];
const EN_FIRST_NAMES = [
  "James",
  "Olivia",
  "Liam",
  "Emma",
  "Noah",
  "Ava",
  "Oliver",
  "Sophia",
  "Elijah",
  "Isabella",
  "Lucas",
  "Mia",
  "Mason",
  "Charlotte",
  "Ethan",
  "Amelia",
  "Logan",
  "Harper",
  "Jacob",
  "Evelyn",
  "Henry",
  "Abigail",
  "Daniel",
  "Emily",
  "Samuel",
  "Ella",
  "Owen",
  "Grace",
  "Jack",
  "Chloe",
  "Leo",
  "Nora",
  "Caleb",
  "Lily",
  "Isaac",
  "Hannah",
  "Ryan",
  "Zoe",
  "Nathan",
  "Aria",
];
const EN_LAST_NAMES = [
  "Smith",
  "Johnson",
  "Williams",
  "Brown",
  "Jones",
  "Miller",
  "Davis",
  "Wilson",
  "Anderson",
  "Taylor",
  "Thomas",
  "Moore",
  "Martin",
  "Jackson",
  "Thompson",
  "White",
  "Harris",
  "Clark",
  "Lewis",
  "Robinson",
  "Walker",
  "Young",
  "Allen",
  "King",
  "Wright",
  "Scott",
  "Hill",
  "Green",
  "Adams",
  "Baker",
  "Nelson",
  "Carter",
  "Mitchell",
  "Roberts",
  "Turner",
  "Phillips",
  "Campbell",
  "Parker",
  "Evans",
  "Edwards",
  "Collins",
  "Stewart",
  "Morris",
  "Murphy",
  "Cook",
  "Rogers",
  "O'Brien",
  "Harvey",
  "Hudson",
  "Ortiz",
];
const JA_COMPANY_FORMS = ["株式会社", "合同会社", "有限会社", "合名会社"];
const JA_COMPANY_TRADES = [
  "水産",
  "印刷",
  "鉄道",
  "鉱業",
  "食品",
  "運輸",
  "建設",
  "電機",
  "商事",
  "製作所",
  "工業",
  "物産",
  "技研",
  "企画",
  "出版",
  "音響",
  "システムズ",
  "デザイン",
  "製薬",
  "不動産",
];
const EN_COMPANY_WORDS = [
  "Northwind",
  "Bluebird",
  "Silverline",
  "Redwood",
  "Brightpath",
  "Lighthouse",
  "Summit",
  "Riverside",
  "Ironbridge",
  "Clearwater",
  "Maple",
  "Harbor",
  "Evergreen",
  "Starling",
  "Copperfield",
  "Westbrook",
];
const EN_COMPANY_SUFFIXES = ["Inc", "LLC", "Group", "Studios", "Labs", "Media", "& Co."];

/** The demo data's randomness: one seeded stream, so every run writes the same names, companies and ids. */
class DemoRandom {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  int(below: number): number {
    return Math.floor(this.next() * below);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  /** Lower-case hex digits. */
  hex(length: number): string {
    return Array.from({ length }, () => this.int(16).toString(16)).join("");
  }
  /** Upper-case letters and digits. */
  alphanumeric(length: number): string {
    const chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    return Array.from({ length }, () => this.pick([...chars])).join("");
  }
  /** Family name first, as written in Japanese: 佐藤 翔太. */
  japaneseName(): string {
    return `${this.pick(JA_SURNAMES)} ${this.pick(JA_GIVEN_NAMES)}`;
  }
  englishName(): string {
    return `${this.pick(EN_FIRST_NAMES)} ${this.pick(EN_LAST_NAMES)}`;
  }
  /** A company name in the language's usual shapes: 株式会社田中印刷, 森建設合同会社; Northwind Labs, Carter & Evans. */
  companyName(ja: boolean): string {
    if (ja) {
      const form = this.pick(JA_COMPANY_FORMS);
      const name = `${this.pick(JA_SURNAMES)}${this.pick(JA_COMPANY_TRADES)}`;
      return this.int(2) === 0 ? `${form}${name}` : `${name}${form}`;
    }
    switch (this.int(3)) {
      case 0:
        return `${this.pick(EN_COMPANY_WORDS)} ${this.pick(EN_COMPANY_SUFFIXES)}`;
      case 1:
        return `${this.pick(EN_LAST_NAMES)} ${this.pick(EN_COMPANY_SUFFIXES)}`;
      default:
        return `${this.pick(EN_LAST_NAMES)} & ${this.pick(EN_LAST_NAMES)}`;
    }
  }
}

/** UUID v7 whose time part is `at` and whose random part comes from the seeded generator (deterministic). */
function uuid7(random: DemoRandom, at: Date): string {
  const hex = at.getTime().toString(16).padStart(12, "0").slice(-12);
  const rand = random.hex(20);
  const variant = ((Number.parseInt(rand[3]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${rand.slice(0, 3)}-${variant}${rand.slice(4, 7)}-${rand.slice(8, 20)}`;
}

const daysAgo = (now: Date, days: number, hour = 10) => {
  const date = new Date(now.getTime() - days * DAY);
  date.setUTCHours(hour, (days * 7) % 60, 0, 0);
  return date;
};
const dateOnly = (date: Date) => new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));

async function upsertDemoAccounts(db: PrismaClient, now: Date) {
  const random = new DemoRandom(20261123);
  const users = [];
  for (const account of DEMO_ACCOUNTS) {
    const user = await db.user.upsert({
      where: { email: account.email },
      update: { role: account.role },
      create: {
        id: uuid7(random, daysAgo(now, 120)),
        email: account.email,
        name: account.name,
        role: account.role,
        emailVerified: daysAgo(now, 120),
        profile: { create: { displayName: account.name, preferredCharacter: "BOTH", marketingConsent: false } },
      },
    });
    users.push(user);
  }
  return users;
}

/** Writes the demo data set (unless it is already there) and the demo accounts. */
export async function seed(url: string, now = new Date()): Promise<void> {
  const db = createPrismaClient(url, 4);
  try {
    const staff = await upsertDemoAccounts(db, now);
    if (await db.content.findUnique({ where: { slug: MARKER_SLUG }, select: { id: true } })) return;
    await db.$transaction(
      async (tx) =>
        writeDemoData(
          tx as unknown as PrismaClient,
          staff.map((u) => u.id),
          now,
        ),
      {
        timeout: 120_000,
      },
    );
  } finally {
    await db.$disconnect();
  }
}

/** Seeds a database that has no users yet (first start of the embedded default). Returns whether it did. */
export async function seedIfEmpty(url: string): Promise<boolean> {
  const db = createPrismaClient(url, 1);
  try {
    if ((await db.user.count()) > 0) return false;
  } finally {
    await db.$disconnect();
  }
  await seed(url);
  return true;
}

async function writeDemoData(db: PrismaClient, staffIds: string[], now: Date) {
  const random = new DemoRandom(20261124);
  const [adminId, managerId, supportId] = staffIds as [string, string, string, string];

  // Customers: half Japanese, half English names; some visit both sites (the shared user base).
  const customers: { id: string; email: string; name: string; site: Site; both: boolean; createdAt: Date }[] = [];
  for (let i = 0; i < 24; i++) {
    const ja = i % 2 === 0;
    const name = ja ? random.japaneseName() : random.englishName();
    const createdAt = daysAgo(now, 100 - i * 3);
    customers.push({
      id: uuid7(random, createdAt),
      email: `customer${i + 1}@example.${ja ? "jp" : "com"}`,
      name,
      site: i % 3 === 0 ? "aoba" : "yuya",
      both: i % 4 === 0,
      createdAt,
    });
  }
  await db.user.createMany({
    data: customers.map((c) => ({ id: c.id, email: c.email, name: c.name, role: "USER" as const, createdAt: c.createdAt })),
  });
  await db.userProfile.createMany({
    data: customers.map((c, i) => ({
      userId: c.id,
      displayName: c.name,
      preferredCharacter: c.both ? ("BOTH" as const) : c.site === "yuya" ? ("YUYA" as const) : ("AOBA" as const),
      subscriptionTier: i % 7 === 0 ? ("PREMIUM" as const) : i % 3 === 0 ? ("SUPPORTER" as const) : ("FREE" as const),
      marketingConsent: i % 2 === 0,
      lastActivity: daysAgo(now, i % 10),
    })),
  });
  await db.crossSiteActivity.createMany({
    data: customers
      .filter((c) => c.both)
      .flatMap((c, i) =>
        Array.from({ length: 3 }, (_, k) => {
          const from = (i + k) % 2 === 0 ? "yuya" : "aoba";
          return {
            userId: c.id,
            fromDomain: SITES[from].domain,
            toDomain: SITES[from === "yuya" ? "aoba" : "yuya"].domain,
            sessionId: `demo-${i}-${k}`,
            createdAt: daysAgo(now, 5 + k * 20 + i, 14),
          };
        }),
      ),
  });

  // Companies (B2B side, mostly yuya's consulting clients).
  const SIZES: CompanySize[] = ["startup", "small", "medium", "large", "enterprise"];
  const companyNames = new Set<string>();
  const companies = Array.from({ length: 12 }, (_, i) => {
    const ja = i % 3 !== 2;
    let name = random.companyName(ja);
    while (companyNames.has(name)) name = random.companyName(ja);
    companyNames.add(name);
    const slug = `company${i + 1}`;
    return {
      id: uuid7(random, daysAgo(now, 95 - i)),
      name,
      domain: `${slug}.example.${ja ? "jp" : "com"}`,
      industry: random.pick(
        ja ? ["製造業", "小売", "メディア", "ゲーム", "教育", "音楽出版"] : ["Software", "Media", "Games", "Education", "Music publishing"],
      ),
      sizeCategory: SIZES[i % SIZES.length]!,
      annualRevenueRange: random.pick(["< ¥100M", "¥100M–¥1B", "¥1B–¥10B", "> ¥10B"]),
      country: ja ? "日本" : random.pick(["United States", "United Kingdom", "Canada", "Australia"]),
      websiteUrl: `https://${slug}.example.${ja ? "jp" : "com"}`,
      description: ja ? "AI活用とクリエイティブ制作の取引先。" : "Client for AI tooling and creative production.",
      createdAt: daysAgo(now, 95 - i),
    };
  });
  await db.company.createMany({ data: companies });

  // Leads: every status × priority combination, on both sites, some linked to unified users.
  const LEAD_TYPES: Record<Site, LeadType[]> = {
    yuya: ["b2b_consultation", "tool_interest", "collaboration", "other"],
    aoba: ["music_licensing", "collaboration", "other"],
  };
  const leads = Array.from({ length: 64 }, (_, i) => {
    const site: Site = i % 2 === 0 ? "yuya" : "aoba";
    const ja = i % 3 !== 1;
    const company = i % 4 === 3 ? null : companies[i % companies.length]!;
    const customer = i % 5 === 0 ? customers[i % customers.length]! : null;
    const name = customer?.name ?? (ja ? random.japaneseName() : random.englishName());
    const email = customer?.email ?? `lead${i + 1}@${company?.domain ?? `mail.example.${ja ? "jp" : "com"}`}`;
    const createdAt = daysAgo(now, 88 - i, 9 + (i % 8));
    const status = LEAD_STATUSES[i % LEAD_STATUSES.length]!;
    return {
      id: uuid7(random, createdAt),
      email,
      emailHash: emailHash(email),
      name,
      company: company?.name ?? null,
      jobTitle: random.pick(
        ja
          ? ["代表取締役", "開発部長", "プロデューサー", "マーケティング担当"]
          : ["CEO", "Head of Engineering", "Producer", "Marketing lead"],
      ),
      phone: ja ? `090-${String(1000 + i).padStart(4, "0")}-${String(5000 + i * 7).slice(-4)}` : `+1-555-01${String(i).padStart(2, "0")}`,
      source: i % 7 === 3 ? "referral" : i % 7 === 5 ? "social" : i % 11 === 0 ? "direct" : SITES[site].source,
      sourceDomain: SITES[site].domain,
      sourcePage: `/contact`,
      leadType: LEAD_TYPES[site][i % LEAD_TYPES[site].length]!,
      status,
      priority: PRIORITIES[Math.floor(i / LEAD_STATUSES.length) % PRIORITIES.length]!,
      estimatedValue: new Prisma.Decimal((((i * 37) % 20) + 1) * 50_000),
      expectedCloseDate: dateOnly(new Date(createdAt.getTime() + (30 + (i % 5) * 10) * DAY)),
      assignedTo: status === "new" ? null : i % 2 === 0 ? managerId : adminId,
      userId: customer?.id ?? null,
      notes: ja ? "初回ヒアリング済み。予算感の確認が必要。" : "Had a first call; needs a budget check.",
      gdprConsent: true,
      consentDate: createdAt,
      createdAt,
      site,
      ja,
      companyId: company?.id ?? null,
    };
  });
  await db.lead.createMany({ data: leads.map(({ site: _s, ja: _j, companyId: _c, ...lead }) => lead) });

  const ROLES: ContactRole[] = ["primary", "decision_maker", "technical", "financial", "secondary"];
  await db.companyContact.createMany({
    data: leads
      .filter((l) => l.companyId && ["qualified", "proposal", "negotiation", "won"].includes(l.status))
      .map((l, i) => ({ companyId: l.companyId!, leadId: l.id, role: ROLES[i % ROLES.length]!, createdAt: l.createdAt })),
    skipDuplicates: true,
  });

  // Inquiries: the first message of each lead, plus support questions from signed-in users.
  const INQUIRY_TYPES: InquiryType[] = ["general", "technical_support", "business", "collaboration", "licensing", "bug_report"];
  const INQUIRY_STATUSES: InquiryStatus[] = ["open", "in_progress", "resolved", "closed"];
  const SLA: Record<Priority, number> = { urgent: 4, high: 24, medium: 48, low: 72 };
  const inquiries = leads.map((lead, i) => {
    const status = INQUIRY_STATUSES[i % INQUIRY_STATUSES.length]!;
    const answered = status !== "open";
    const done = status === "resolved" || status === "closed";
    return {
      id: uuid7(random, lead.createdAt),
      leadId: lead.id,
      userId: lead.userId,
      inquiryType:
        lead.site === "aoba" ? (i % 2 ? ("licensing" as const) : ("collaboration" as const)) : INQUIRY_TYPES[i % INQUIRY_TYPES.length]!,
      subject: lead.ja
        ? lead.site === "yuya"
          ? "AI導入のご相談"
          : "楽曲ライセンスについて"
        : lead.site === "yuya"
          ? "Question about an AI tool"
          : "Licensing a track",
      message: lead.ja
        ? "はじめまして。詳細について打ち合わせをお願いできますでしょうか。"
        : "Hello — could we set up a call to go through the details?",
      status,
      priority: lead.priority,
      assignedTo: answered ? supportId : null,
      responseTimeSla: SLA[lead.priority],
      firstResponseAt: answered ? new Date(lead.createdAt.getTime() + ((i % 30) + 1) * 3_600_000) : null,
      resolvedAt: done ? new Date(lead.createdAt.getTime() + ((i % 5) + 2) * DAY) : null,
      satisfactionRating: done ? (i % 5) + 1 : null,
      createdAt: lead.createdAt,
    };
  });
  await db.inquiry.createMany({ data: inquiries });

  // Each lead's timeline: created from the site's form, then the steps to its status.
  const PIPELINE = ["new", "contacted", "qualified", "proposal", "negotiation"] as const;
  await db.leadActivity.createMany({
    data: leads.flatMap((lead, i) => {
      const reached =
        lead.status === "won" || lead.status === "lost"
          ? [...PIPELINE.slice(0, 3), lead.status]
          : PIPELINE.slice(0, PIPELINE.indexOf(lead.status as (typeof PIPELINE)[number]) + 1);
      const actor = lead.assignedTo;
      return [
        {
          leadId: lead.id,
          activityType: "created" as const,
          description: inquiries[i]!.subject,
          metadata: { via: "contact_form", source: lead.source },
          createdAt: lead.createdAt,
        },
        ...reached.slice(1).map((to, step) => ({
          leadId: lead.id,
          userId: actor,
          activityType: "status_change" as const,
          description: step === 0 ? (lead.ja ? "メールで初回連絡。" : "First email sent.") : null,
          metadata: { from: reached[step], to },
          createdAt: new Date(lead.createdAt.getTime() + (step + 1) * 2 * DAY),
        })),
      ];
    }),
  });

  // Projects from won and late-stage leads, with deliverables and a timeline.
  const PROJECT_TYPES: Record<Site, ProjectType[]> = {
    yuya: ["ai_development", "tool_creation", "consultation"],
    aoba: ["music_production", "collaboration"],
  };
  const PROJECT_STATUSES: ProjectStatus[] = ["planning", "active", "active", "on_hold", "completed", "cancelled", "completed", "active"];
  const sources = leads.filter((l) => l.companyId && ["won", "negotiation", "proposal"].includes(l.status)).slice(0, 8);
  const DELIVERABLES: DeliverableStatus[] = ["approved", "delivered", "in_progress", "planned"];
  const projects = sources.map((lead, i) => {
    const start = dateOnly(new Date(lead.createdAt.getTime() + 14 * DAY));
    const budget = (i + 2) * 400_000;
    const cost = Math.round(budget * (0.45 + (i % 4) * 0.1));
    const status = PROJECT_STATUSES[i % PROJECT_STATUSES.length]!;
    return {
      id: uuid7(random, new Date(lead.createdAt.getTime() + DAY)),
      name: lead.ja
        ? lead.site === "yuya"
          ? `${lead.company} 向け AI 業務ツール開発`
          : `${lead.company} CM 楽曲制作`
        : lead.site === "yuya"
          ? `AI assistant for ${lead.company}`
          : `Soundtrack for ${lead.company}`,
      description: lead.ja ? "要件定義から納品までの一括案件。" : "End-to-end engagement from scoping to delivery.",
      companyId: lead.companyId,
      leadId: lead.id,
      projectType: PROJECT_TYPES[lead.site][i % PROJECT_TYPES[lead.site].length]!,
      status,
      startDate: start,
      endDate: dateOnly(new Date(start.getTime() + (45 + i * 10) * DAY)),
      budget: new Prisma.Decimal(budget),
      actualCost: new Prisma.Decimal(cost),
      profitMargin: new Prisma.Decimal((((budget - cost) / budget) * 100).toFixed(2)),
      assignedCharacter: i % 5 === 4 ? ("both" as const) : lead.site,
      projectManager: managerId,
      clientSatisfaction: status === "completed" ? 4 + (i % 2) : null,
      createdAt: new Date(lead.createdAt.getTime() + DAY),
      // Last touched a little after it was created (never in the future), so the activity feed reads true.
      updatedAt: new Date(Math.min(now.getTime() - i * 3_600_000, lead.createdAt.getTime() + (2 + i) * DAY)),
    };
  });
  await db.project.createMany({ data: projects });
  await db.projectDeliverable.createMany({
    data: projects.flatMap((project, i) =>
      Array.from({ length: 3 }, (_, k) => ({
        projectId: project.id,
        name: [
          ["要件定義書", "Requirements"],
          ["プロトタイプ", "Prototype"],
          ["本番納品", "Final delivery"],
        ][k]![i % 2]!,
        description: null,
        deliveryDate: dateOnly(new Date(project.startDate.getTime() + (k + 1) * 15 * DAY)),
        status: project.status === "completed" ? ("approved" as const) : DELIVERABLES[(k + i) % DELIVERABLES.length]!,
        createdAt: project.createdAt,
      })),
    ),
  });
  const ACTIVITIES: { type: ActivityType; ja: string; en: string }[] = [
    { type: "created", ja: "案件を作成しました", en: "Project created" },
    { type: "meeting", ja: "キックオフミーティング", en: "Kick-off meeting" },
    { type: "comment", ja: "見積もりを共有しました", en: "Shared the estimate" },
    { type: "milestone", ja: "プロトタイプ完成", en: "Prototype done" },
  ];
  await db.projectActivity.createMany({
    data: projects.flatMap((project, i) =>
      ACTIVITIES.map((activity, k) => ({
        projectId: project.id,
        userId: k === 0 ? managerId : i % 2 ? adminId : managerId,
        activityType: activity.type,
        description: i % 2 ? activity.en : activity.ja,
        metadata: { demo: true },
        createdAt: new Date(project.createdAt.getTime() + k * 3 * DAY),
      })),
    ),
  });

  // Content: a category tree per scope and published posts, tools and tracks.
  const categorySpecs: { slug: string; name: string; scope: CharacterOwner; parent?: string }[] = [
    { slug: "yuya-ai", name: "AI活用 / AI in practice", scope: "yuya" },
    { slug: "yuya-ai-tools", name: "ツール / Tools", scope: "yuya", parent: "yuya-ai" },
    { slug: "yuya-case-studies", name: "導入事例 / Case studies", scope: "yuya", parent: "yuya-ai" },
    { slug: "aoba-music", name: "音楽 / Music", scope: "aoba" },
    { slug: "aoba-stems", name: "ステム / Stems", scope: "aoba", parent: "aoba-music" },
    { slug: "aoba-making-of", name: "制作日記 / Making of", scope: "aoba", parent: "aoba-music" },
    { slug: "shared-news", name: "お知らせ / News", scope: "shared" },
  ];
  const categoryIds = new Map<string, string>();
  for (const [i, spec] of categorySpecs.entries()) {
    const created = await db.contentCategory.create({
      data: {
        id: uuid7(random, daysAgo(now, 100)),
        name: spec.name,
        slug: spec.slug,
        characterScope: spec.scope,
        parentId: spec.parent ? categoryIds.get(spec.parent) : null,
        sortOrder: i,
      },
    });
    categoryIds.set(spec.slug, created.id);
  }
  const contentSpecs: { slug: string; title: string; owner: CharacterOwner; type: ContentType; categories: string[] }[] = [
    { slug: MARKER_SLUG, title: "傾奇AIへようこそ / Welcome to Kabuki AI", owner: "yuya", type: "blog", categories: ["yuya-ai"] },
    {
      slug: "yuya-prompt-kit",
      title: "プロンプト設計キット / Prompt design kit",
      owner: "yuya",
      type: "tool",
      categories: ["yuya-ai-tools"],
    },
    {
      slug: "yuya-meeting-summarizer",
      title: "議事録要約ツール / Meeting summarizer",
      owner: "yuya",
      type: "tool",
      categories: ["yuya-ai-tools"],
    },
    {
      slug: "yuya-case-retail",
      title: "小売業のAI導入事例 / AI in retail: a case study",
      owner: "yuya",
      type: "case_study",
      categories: ["yuya-case-studies"],
    },
    {
      slug: "yuya-api-docs",
      title: "APIドキュメント / API documentation",
      owner: "yuya",
      type: "documentation",
      categories: ["yuya-ai-tools"],
    },
    { slug: "aoba-night-sky", title: "夜空のワルツ / Night-sky waltz", owner: "aoba", type: "music", categories: ["aoba-music"] },
    {
      slug: "aoba-night-sky-stems",
      title: "夜空のワルツ ステム / Night-sky waltz stems",
      owner: "aoba",
      type: "music",
      categories: ["aoba-stems"],
    },
    { slug: "aoba-studio-diary-1", title: "制作日記 #1 / Studio diary #1", owner: "aoba", type: "blog", categories: ["aoba-making-of"] },
    { slug: "aoba-live-video", title: "ライブ映像 / Live session video", owner: "aoba", type: "video", categories: ["aoba-music"] },
    {
      slug: "shared-collab-announcement",
      title: "ユウヤ×あおば コラボ発表 / Yuya × Aoba collaboration",
      owner: "shared",
      type: "blog",
      categories: ["shared-news"],
    },
    { slug: "yuya-draft-ideas", title: "下書き: 次のツール / Draft: next tool", owner: "yuya", type: "blog", categories: ["yuya-ai"] },
    { slug: "aoba-archived-single", title: "旧シングル / Old single", owner: "aoba", type: "music", categories: ["aoba-music"] },
  ];
  const contents = contentSpecs.map((spec, i) => {
    const publishedAt = daysAgo(now, 95 - i * 5);
    const status = spec.slug.includes("draft")
      ? ("draft" as const)
      : spec.slug.includes("archived")
        ? ("archived" as const)
        : ("published" as const);
    const [ja, en] = spec.title.split(" / ") as [string, string];
    return {
      id: uuid7(random, publishedAt),
      title: spec.title,
      slug: spec.slug,
      content: `# ${ja}\n\n${ja}についての記事です。\n\n# ${en}\n\nA post about ${en.toLowerCase()}.`,
      excerpt: `${ja} — ${en}`,
      characterOwner: spec.owner,
      contentType: spec.type,
      status,
      featured: i % 4 === 0,
      seoTitle: spec.title,
      seoDescription: `${ja}: ${en}`,
      tags: spec.owner === "aoba" ? ["music", "音楽"] : spec.owner === "yuya" ? ["ai", "AI"] : ["news"],
      metadata: spec.type === "music" ? { bpm: 96 + i, key: "A minor" } : {},
      publishedAt: status === "draft" ? null : publishedAt,
      createdAt: publishedAt,
    };
  });
  await db.content.createMany({ data: contents });
  await db.contentCategoryRelation.createMany({
    data: contentSpecs.flatMap((spec, i) =>
      spec.categories.map((slug) => ({ contentId: contents[i]!.id, categoryId: categoryIds.get(slug)! })),
    ),
  });

  // Analytics events over the last 90 days; the counters on contents match them.
  const EVENTS: ContentEventType[] = ["view", "view", "view", "view", "view", "view", "like", "share", "download", "comment"];
  const REFERRERS = ["https://www.google.com/", "https://twitter.com/", "https://yuya-kabuki.com/", "https://aoba-nekosora.com/", null];
  const published = contents.filter((c) => c.status === "published");
  const events: Prisma.ContentAnalyticsCreateManyInput[] = [];
  for (let day = 89; day >= 0; day--) {
    for (const [i, content] of published.entries()) {
      const count = 2 + ((day * 7 + i * 13) % 9);
      for (let k = 0; k < count; k++) {
        const createdAt = daysAgo(now, day, (k * 5 + i) % 24);
        if (createdAt < content.createdAt) continue;
        const customer = (day + k) % 3 === 0 ? customers[(day + k + i) % customers.length]! : null;
        const eventType = EVENTS[(day + k * 3 + i) % EVENTS.length]!;
        events.push({
          contentId: content.id,
          userId: customer?.id ?? null,
          eventType: eventType === "download" && content.contentType !== "tool" && content.contentType !== "music" ? "view" : eventType,
          referrer: REFERRERS[(day + k) % REFERRERS.length] ?? null,
          userAgent: "Mozilla/5.0 (demo)",
          ipAddress: `203.0.113.${(day * 3 + k) % 250}`,
          sessionId: `demo-session-${day}-${k % 4}`,
          createdAt,
        });
      }
    }
  }
  await db.contentAnalytics.createMany({ data: events });
  for (const content of published) {
    const mine = events.filter((e) => e.contentId === content.id);
    const count = (type: ContentEventType) => mine.filter((e) => e.eventType === type).length;
    await db.content.update({
      where: { id: content.id },
      data: { viewCount: count("view"), likeCount: count("like"), downloadCount: count("download") },
    });
  }

  // Products and orders.
  const productSpecs = [
    { name: "プロンプト設計キット Pro", owner: "yuya", type: "digital_tool", price: 4_980, license: "commercial" },
    { name: "議事録要約ツール (年額)", owner: "yuya", type: "subscription", price: 12_000, license: "commercial", interval: "yearly" },
    { name: "AI導入コンサルティング 90分", owner: "yuya", type: "consultation", price: 33_000 },
    { name: "夜空のワルツ ステムパック", owner: "aoba", type: "music_stem", price: 2_200, license: "personal" },
    { name: "夜空のワルツ 商用ライセンス", owner: "aoba", type: "music_stem", price: 22_000, license: "commercial" },
    { name: "あおばサポーター (月額)", owner: "aoba", type: "subscription", price: 500, interval: "monthly" },
    { name: "ユウヤ×あおば コラボTシャツ", owner: "shared", type: "merchandise", price: 3_800, inventory: 120 },
    { name: "旧シングル ステム (販売終了)", owner: "aoba", type: "music_stem", price: 1_500, license: "personal", status: "discontinued" },
  ] as const;
  const products = productSpecs.map((spec, i) => ({
    id: uuid7(random, daysAgo(now, 98 - i)),
    name: spec.name,
    description: `${spec.name} — demo product`,
    characterOwner: spec.owner as CharacterOwner,
    productType: spec.type,
    price: new Prisma.Decimal(spec.price),
    currency: "JPY",
    isRecurring: "interval" in spec,
    recurringInterval: "interval" in spec ? spec.interval : null,
    fileUrl: spec.type === "digital_tool" || spec.type === "music_stem" ? `files/demo/${i + 1}.zip` : null,
    licenseType: "license" in spec ? spec.license : null,
    status: "status" in spec ? spec.status : ("active" as const),
    inventoryCount: "inventory" in spec ? spec.inventory : null,
    createdAt: daysAgo(now, 98 - i),
  }));
  await db.product.createMany({ data: products });
  const ORDER_STATUSES: OrderStatus[] = ["paid", "paid", "delivered", "paid", "pending", "refunded", "cancelled", "processing", "shipped"];
  const sellable = products.filter((p) => p.status === "active");
  for (let i = 0; i < 36; i++) {
    const customer = customers[(i * 5) % customers.length]!;
    const createdAt = daysAgo(now, 87 - i * 2, 12 + (i % 9));
    const lines = Array.from({ length: 1 + (i % 3) }, (_, k) => sellable[(i + k * 2) % sellable.length]!);
    const items = lines.map((product, k) => {
      const quantity = product.productType === "merchandise" ? 1 + (k % 2) : 1;
      const digital = product.productType === "digital_tool" || product.productType === "music_stem";
      return {
        productId: product.id,
        quantity,
        unitPrice: product.price,
        totalPrice: product.price.mul(quantity),
        licenseKey: digital ? `DEMO-${String(i).padStart(3, "0")}-${k}-${random.alphanumeric(8)}` : null,
        downloadCount: digital ? i % 4 : 0,
        downloadLimit: digital ? 5 : null,
        createdAt,
      };
    });
    const status = ORDER_STATUSES[i % ORDER_STATUSES.length]!;
    await db.order.create({
      data: {
        id: uuid7(random, createdAt),
        userId: customer.id,
        orderNumber: `KZ-${createdAt.toISOString().slice(0, 10).replace(/-/g, "")}-${String(i + 1).padStart(4, "0")}`,
        totalAmount: items.reduce((sum, item) => sum.add(item.totalPrice), new Prisma.Decimal(0)),
        currency: "JPY",
        status,
        paymentMethod: status === "pending" ? null : "card",
        paymentIntentId: status === "pending" ? null : `pi_demo_${i + 1}`,
        billingAddress: { country: customer.email.endsWith(".jp") ? "JP" : "US" },
        createdAt,
        updatedAt: createdAt,
        items: { create: items },
      },
    });
  }
  const spent = await db.order.groupBy({
    by: ["userId"],
    where: { status: { in: ["paid", "processing", "shipped", "delivered"] } },
    _sum: { totalAmount: true },
  });
  for (const row of spent) {
    if (!row.userId || !row._sum.totalAmount) continue;
    await db.userProfile.update({ where: { userId: row.userId }, data: { totalSpent: row._sum.totalAmount } });
  }

  // A few audit entries, so the audit log is not empty on a first look.
  await db.auditLog.createMany({
    data: leads.slice(0, 6).map((lead, i) => ({
      userId: i % 2 ? adminId : managerId,
      action: "PUT",
      resource: "leads",
      resourceId: lead.id,
      changes: { status: { from: "new", to: lead.status } },
      ipAddress: "127.0.0.1",
      userAgent: "Kizuna demo seed",
      status: "success" as const,
      createdAt: new Date(lead.createdAt.getTime() + DAY),
    })),
  });
}
