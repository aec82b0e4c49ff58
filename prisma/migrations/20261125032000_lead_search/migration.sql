-- Hand-written: the admin searches leads by part of a name or company (ILIKE '%…%'). Trigram indexes make
-- that an index scan instead of reading every lead. (pg_trgm ships with PostgreSQL and is a trusted
-- extension: the database owner may create it.)
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX "leads_name_trgm_idx" ON "leads" USING gin ("name" gin_trgm_ops);
CREATE INDEX "leads_company_trgm_idx" ON "leads" USING gin ("company" gin_trgm_ops);
