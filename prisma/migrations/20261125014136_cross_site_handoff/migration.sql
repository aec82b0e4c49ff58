-- CreateTable
CREATE TABLE "consumed_tokens" (
    "id" VARCHAR(64) NOT NULL,
    "purpose" VARCHAR(50) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "consumed_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "consumed_tokens_expires_at_idx" ON "consumed_tokens"("expires_at");
