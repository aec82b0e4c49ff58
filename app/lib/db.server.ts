// The one Prisma client of the app (PostgreSQL through the pg driver adapter).
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "~/generated/prisma/client";
import { getEnv } from "./env.server.ts";

export function createPrismaClient(connectionString: string, max = 10): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString, max }) });
}

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

export type { PrismaClient };
