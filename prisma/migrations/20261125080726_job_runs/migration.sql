-- AlterTable
ALTER TABLE "user_profiles" ADD COLUMN     "preferred_language" VARCHAR(2);

-- CreateTable
CREATE TABLE "job_runs" (
    "id" UUID NOT NULL,
    "job" VARCHAR(100) NOT NULL,
    "trigger" VARCHAR(20) NOT NULL,
    "scheduled_for" TIMESTAMPTZ(3),
    "status" VARCHAR(20) NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "result" JSONB,
    "error" TEXT,

    CONSTRAINT "job_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "daily_reports" (
    "day" DATE NOT NULL,
    "data" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "daily_reports_pkey" PRIMARY KEY ("day")
);

-- CreateIndex
CREATE INDEX "job_runs_job_started_at_idx" ON "job_runs"("job", "started_at" DESC);

-- CreateIndex
CREATE INDEX "job_runs_started_at_idx" ON "job_runs"("started_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "job_runs_job_scheduled_for_key" ON "job_runs"("job", "scheduled_for");

-- What the schema language cannot say.
ALTER TABLE "user_profiles" ADD CONSTRAINT "user_profiles_preferred_language_check" CHECK ("preferred_language" IN ('ja', 'en'));
ALTER TABLE "job_runs" ADD CONSTRAINT "job_runs_trigger_check" CHECK ("trigger" IN ('schedule', 'manual'));
ALTER TABLE "job_runs" ADD CONSTRAINT "job_runs_status_check" CHECK ("status" IN ('running', 'retrying', 'succeeded', 'failed'));
ALTER TABLE "job_runs" ADD CONSTRAINT "job_runs_attempts_check" CHECK ("attempts" >= 0);
