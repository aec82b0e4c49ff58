-- CreateEnum
CREATE TYPE "lead_import_status" AS ENUM ('dry_run', 'running', 'done', 'failed');

-- CreateTable
CREATE TABLE "lead_imports" (
    "id" UUID NOT NULL,
    "owner_id" UUID NOT NULL,
    "file_name" VARCHAR(200) NOT NULL,
    "status" "lead_import_status" NOT NULL DEFAULT 'dry_run',
    "total" INTEGER NOT NULL,
    "ready" INTEGER NOT NULL,
    "report" JSONB NOT NULL,
    "payload" TEXT,
    "done" INTEGER NOT NULL DEFAULT 0,
    "created" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "ip_address" INET,
    "user_agent" VARCHAR(500),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "lead_imports_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "lead_imports_status_updated_at_idx" ON "lead_imports"("status", "updated_at");

-- CreateIndex
CREATE INDEX "lead_imports_owner_id_idx" ON "lead_imports"("owner_id");

-- AddForeignKey
ALTER TABLE "lead_imports" ADD CONSTRAINT "lead_imports_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- What the schema language cannot say.
ALTER TABLE "lead_imports" ADD CONSTRAINT "lead_imports_counts_check" CHECK ("total" >= 0 AND "ready" >= 0 AND "ready" <= "total" AND "done" >= 0 AND "done" <= "ready" AND "created" >= 0 AND "skipped" >= 0 AND "created" + "skipped" = "done");
-- The rows are kept while they may still be imported, and not a moment longer.
ALTER TABLE "lead_imports" ADD CONSTRAINT "lead_imports_payload_check" CHECK (("payload" IS NULL) = ("status" IN ('done', 'failed')));
