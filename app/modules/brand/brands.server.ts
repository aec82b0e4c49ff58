// The brand table in SQL: for queries that turn a brand (a character enum) into its domain in the database.
import { Prisma } from "~/generated/prisma/client";
import type { Brand } from "~/lib/tenant";
import { BRAND_INFO } from "./brands.ts";

/** CASE <brand expression> WHEN 'yuya' THEN 'yuya-kabuki.com' … END, from BRAND_INFO. */
export function brandDomainSql(brandExpression: Prisma.Sql): Prisma.Sql {
  const whens = (Object.keys(BRAND_INFO) as Brand[]).map((brand) => Prisma.sql`WHEN ${brand} THEN ${BRAND_INFO[brand].domain}`);
  return Prisma.sql`CASE ${brandExpression} ${Prisma.join(whens, " ")} END`;
}
