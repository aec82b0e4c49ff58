// The one Prisma client of the app (PostgreSQL through the pg driver adapter).
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as BaseClient } from "~/generated/prisma/client";
import { getEnv } from "./env.server.ts";
import { piiEncryption } from "./pii-extension.server.ts";

/** A client with personal data encrypted at rest (see pii-extension.server.ts). */
export function createPrismaClient(connectionString: string, max = 10) {
  return new BaseClient({ adapter: new PrismaPg({ connectionString, max }) }).$extends(piiEncryption);
}

export type PrismaClient = ReturnType<typeof createPrismaClient>;

let client: PrismaClient | undefined;

/** The shared client, created on first use from DATABASE_URL (set by the server once the database is up). */
export function getDb(): PrismaClient {
  if (!client) {
    const env = getEnv();
    const url = process.env.DATABASE_URL ?? env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: the server sets it once the database is up");
    client = createPrismaClient(url, env.DATABASE_POOL_MAX);
  }
  return client;
}

/** The client inside an interactive transaction (same models and extension, no $transaction). */
export type Tx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;
