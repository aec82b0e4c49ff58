-- CreateIndex
CREATE INDEX "leads_source_domain_status_created_at_idx" ON "leads"("source_domain", "status", "created_at" DESC);

-- CreateIndex
CREATE INDEX "leads_assigned_to_priority_created_at_idx" ON "leads"("assigned_to", "priority", "created_at" DESC);
