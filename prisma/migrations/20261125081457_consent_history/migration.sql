-- AlterTable
ALTER TABLE "users" ADD COLUMN     "erased_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "consent_history" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "purpose" VARCHAR(50) NOT NULL DEFAULT 'marketing',
    "granted" BOOLEAN NOT NULL,
    "source" VARCHAR(50) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "consent_history_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "consent_history_user_id_created_at_idx" ON "consent_history"("user_id", "created_at" DESC);

-- AddForeignKey
ALTER TABLE "consent_history" ADD CONSTRAINT "consent_history_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written: erasure (GDPR) may scrub personal data out of audit rows. Audit rows stay append-only for
-- everything else; only a transaction that sets kizuna.gdpr_erasure = 'on' (app/modules/privacy/gdpr.server.ts)
-- may rewrite the changes, ip_address and user_agent of a row, never who did what, when, or whether it worked.
CREATE OR REPLACE FUNCTION "audit_logs_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('kizuna.audit_retention', true) = 'on' THEN
    RETURN OLD;
  END IF;
  IF TG_OP = 'UPDATE' AND current_setting('kizuna.gdpr_erasure', true) = 'on'
     AND (NEW.id, NEW.user_id, NEW.action, NEW.resource, NEW.resource_id, NEW.status, NEW.created_at)
         IS NOT DISTINCT FROM (OLD.id, OLD.user_id, OLD.action, OLD.resource, OLD.resource_id, OLD.status, OLD.created_at) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_logs is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$;
