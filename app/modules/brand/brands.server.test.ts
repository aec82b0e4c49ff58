import { describe, expect, it } from "vitest";
import { Prisma } from "~/generated/prisma/client";
import { createTestDatabase } from "../../../tests/support/database.ts";
import { BRAND_DOMAINS, BRAND_INFO, brandOfDomain } from "./brands.ts";
import { brandDomainSql } from "./brands.server.ts";

const { db } = await createTestDatabase();

describe("the brand table", () => {
  it("gives each brand's domain in SQL, and NULL for anything else", async () => {
    const rows = await db.$queryRaw<{ brand: string | null; domain: string | null }[]>`
      SELECT b AS brand, ${brandDomainSql(Prisma.sql`b`)} AS domain FROM unnest(ARRAY['yuya', 'aoba', 'admin', NULL]::text[]) AS b`;
    expect(rows).toEqual([
      { brand: "yuya", domain: "yuya-kabuki.com" },
      { brand: "aoba", domain: "aoba-nekosora.com" },
      { brand: "admin", domain: null },
      { brand: null, domain: null },
    ]);
  });

  it("finds the brand of a domain, and lists the domains in its order", () => {
    expect(BRAND_DOMAINS).toEqual([BRAND_INFO.yuya.domain, BRAND_INFO.aoba.domain]);
    expect(brandOfDomain("aoba-nekosora.com")).toBe("aoba");
    expect(brandOfDomain("yuya-kabuki.com")).toBe("yuya");
    expect(brandOfDomain("example.com")).toBeUndefined();
    expect(brandOfDomain(null)).toBeUndefined();
  });
});
