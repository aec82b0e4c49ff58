-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "user_role" AS ENUM ('admin', 'manager', 'support', 'user');

-- CreateEnum
CREATE TYPE "character_type" AS ENUM ('YUYA', 'AOBA', 'BOTH');

-- CreateEnum
CREATE TYPE "subscription_tier" AS ENUM ('FREE', 'SUPPORTER', 'PREMIUM');

-- CreateEnum
CREATE TYPE "tenant" AS ENUM ('yuya', 'aoba');

-- CreateEnum
CREATE TYPE "character_owner" AS ENUM ('yuya', 'aoba', 'shared');

-- CreateEnum
CREATE TYPE "assigned_character" AS ENUM ('yuya', 'aoba', 'both');

-- CreateEnum
CREATE TYPE "lead_type" AS ENUM ('b2b_consultation', 'tool_interest', 'collaboration', 'music_licensing', 'other');

-- CreateEnum
CREATE TYPE "lead_status" AS ENUM ('new', 'contacted', 'qualified', 'proposal', 'negotiation', 'won', 'lost');

-- CreateEnum
CREATE TYPE "priority" AS ENUM ('low', 'medium', 'high', 'urgent');

-- CreateEnum
CREATE TYPE "inquiry_type" AS ENUM ('general', 'technical_support', 'business', 'collaboration', 'licensing', 'bug_report');

-- CreateEnum
CREATE TYPE "inquiry_status" AS ENUM ('open', 'in_progress', 'resolved', 'closed');

-- CreateEnum
CREATE TYPE "company_size" AS ENUM ('startup', 'small', 'medium', 'large', 'enterprise');

-- CreateEnum
CREATE TYPE "contact_role" AS ENUM ('primary', 'secondary', 'decision_maker', 'technical', 'financial');

-- CreateEnum
CREATE TYPE "project_type" AS ENUM ('ai_development', 'tool_creation', 'consultation', 'music_production', 'collaboration');

-- CreateEnum
CREATE TYPE "project_status" AS ENUM ('planning', 'active', 'on_hold', 'completed', 'cancelled');

-- CreateEnum
CREATE TYPE "deliverable_status" AS ENUM ('planned', 'in_progress', 'delivered', 'approved');

-- CreateEnum
CREATE TYPE "activity_type" AS ENUM ('created', 'updated', 'comment', 'file_upload', 'milestone', 'meeting');

-- CreateEnum
CREATE TYPE "content_type" AS ENUM ('blog', 'tool', 'music', 'video', 'documentation', 'case_study');

-- CreateEnum
CREATE TYPE "content_status" AS ENUM ('draft', 'published', 'archived');

-- CreateEnum
CREATE TYPE "content_event_type" AS ENUM ('view', 'like', 'share', 'download', 'comment');

-- CreateEnum
CREATE TYPE "recurring_interval" AS ENUM ('monthly', 'yearly');

-- CreateEnum
CREATE TYPE "license_type" AS ENUM ('personal', 'commercial', 'extended');

-- CreateEnum
CREATE TYPE "product_status" AS ENUM ('active', 'inactive', 'discontinued');

-- CreateEnum
CREATE TYPE "order_status" AS ENUM ('pending', 'paid', 'processing', 'shipped', 'delivered', 'cancelled', 'refunded');

-- CreateEnum
CREATE TYPE "kpi_scope" AS ENUM ('yuya', 'aoba', 'shared', 'total');

-- CreateEnum
CREATE TYPE "period_type" AS ENUM ('daily', 'weekly', 'monthly', 'quarterly', 'yearly');

-- CreateEnum
CREATE TYPE "revenue_source" AS ENUM ('b2b_project', 'digital_products', 'subscriptions', 'licensing', 'other');

-- CreateEnum
CREATE TYPE "audit_status" AS ENUM ('success', 'failure');

-- CreateTable
CREATE TABLE "users" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT,
    "image" TEXT,
    "email_verified" TIMESTAMPTZ(3),
    "role" "user_role" NOT NULL DEFAULT 'user',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "accounts" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "provider_account_id" TEXT NOT NULL,
    "refresh_token" TEXT,
    "access_token" TEXT,
    "expires_at" INTEGER,
    "token_type" TEXT,
    "scope" TEXT,
    "id_token" TEXT,
    "session_state" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "accounts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sessions" (
    "id" UUID NOT NULL,
    "session_token" TEXT NOT NULL,
    "user_id" UUID NOT NULL,
    "expires" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "user_profiles" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "display_name" TEXT,
    "bio" TEXT,
    "website_url" TEXT,
    "twitter_handle" TEXT,
    "discord_id" TEXT,
    "preferred_character" "character_type" NOT NULL DEFAULT 'BOTH',
    "subscription_tier" "subscription_tier" NOT NULL DEFAULT 'FREE',
    "total_spent" DECIMAL(12,2) NOT NULL DEFAULT 0,
    "last_activity" TIMESTAMPTZ(3),
    "marketing_consent" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "user_profiles_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "leads" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "email_hash" TEXT NOT NULL,
    "name" VARCHAR(100),
    "company" VARCHAR(200),
    "job_title" VARCHAR(100),
    "phone" TEXT,
    "source" VARCHAR(100) NOT NULL,
    "source_domain" VARCHAR(100),
    "source_page" TEXT,
    "lead_type" "lead_type",
    "status" "lead_status" NOT NULL DEFAULT 'new',
    "priority" "priority" NOT NULL DEFAULT 'medium',
    "estimated_value" DECIMAL(10,2),
    "expected_close_date" DATE,
    "assigned_to" UUID,
    "user_id" UUID,
    "notes" TEXT,
    "gdpr_consent" BOOLEAN NOT NULL DEFAULT false,
    "consent_date" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "leads_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inquiries" (
    "id" UUID NOT NULL,
    "lead_id" UUID,
    "user_id" UUID,
    "inquiry_type" "inquiry_type",
    "subject" VARCHAR(255) NOT NULL,
    "message" TEXT NOT NULL,
    "attachments" JSONB,
    "status" "inquiry_status" NOT NULL DEFAULT 'open',
    "priority" "priority" NOT NULL DEFAULT 'medium',
    "assigned_to" UUID,
    "response_time_sla" INTEGER,
    "first_response_at" TIMESTAMPTZ(3),
    "resolved_at" TIMESTAMPTZ(3),
    "satisfaction_rating" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inquiries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "companies" (
    "id" UUID NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "domain" VARCHAR(100),
    "industry" VARCHAR(100),
    "size_category" "company_size",
    "annual_revenue_range" VARCHAR(50),
    "country" VARCHAR(100),
    "website_url" TEXT,
    "description" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "companies_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "company_contacts" (
    "id" UUID NOT NULL,
    "company_id" UUID NOT NULL,
    "lead_id" UUID NOT NULL,
    "role" "contact_role",
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "company_contacts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "projects" (
    "id" UUID NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "description" TEXT,
    "company_id" UUID,
    "lead_id" UUID,
    "project_type" "project_type",
    "status" "project_status" NOT NULL DEFAULT 'planning',
    "start_date" DATE,
    "end_date" DATE,
    "budget" DECIMAL(12,2),
    "actual_cost" DECIMAL(12,2),
    "profit_margin" DECIMAL(5,2),
    "assigned_character" "assigned_character",
    "project_manager" UUID,
    "client_satisfaction" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "projects_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "project_deliverables" (
    "id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "description" TEXT,
    "file_url" TEXT,
    "delivery_date" DATE,
    "status" "deliverable_status" NOT NULL DEFAULT 'planned',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "project_deliverables_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "project_activities" (
    "id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "user_id" UUID,
    "activity_type" "activity_type",
    "description" TEXT NOT NULL,
    "metadata" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "project_activities_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "contents" (
    "id" UUID NOT NULL,
    "title" VARCHAR(255) NOT NULL,
    "slug" VARCHAR(255) NOT NULL,
    "content" TEXT,
    "excerpt" TEXT,
    "character_owner" "character_owner" NOT NULL,
    "content_type" "content_type",
    "status" "content_status" NOT NULL DEFAULT 'draft',
    "featured" BOOLEAN NOT NULL DEFAULT false,
    "view_count" INTEGER NOT NULL DEFAULT 0,
    "like_count" INTEGER NOT NULL DEFAULT 0,
    "download_count" INTEGER NOT NULL DEFAULT 0,
    "seo_title" VARCHAR(255),
    "seo_description" TEXT,
    "tags" JSONB,
    "metadata" JSONB,
    "published_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "contents_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "content_categories" (
    "id" UUID NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "slug" VARCHAR(100) NOT NULL,
    "character_scope" "character_owner" NOT NULL,
    "description" TEXT,
    "parent_id" UUID,
    "sort_order" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "content_categories_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "content_category_relations" (
    "content_id" UUID NOT NULL,
    "category_id" UUID NOT NULL,

    CONSTRAINT "content_category_relations_pkey" PRIMARY KEY ("content_id","category_id")
);

-- CreateTable
CREATE TABLE "content_analytics" (
    "id" UUID NOT NULL,
    "content_id" UUID NOT NULL,
    "user_id" UUID,
    "event_type" "content_event_type",
    "referrer" TEXT,
    "user_agent" TEXT,
    "ip_address" INET,
    "session_id" VARCHAR(255),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "content_analytics_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "products" (
    "id" UUID NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "description" TEXT,
    "character_owner" "character_owner" NOT NULL,
    "product_type" VARCHAR(100) NOT NULL,
    "price" DECIMAL(10,2) NOT NULL,
    "currency" VARCHAR(3) NOT NULL DEFAULT 'JPY',
    "is_recurring" BOOLEAN NOT NULL DEFAULT false,
    "recurring_interval" "recurring_interval",
    "file_url" TEXT,
    "license_type" "license_type",
    "status" "product_status" NOT NULL DEFAULT 'active',
    "inventory_count" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "products_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "orders" (
    "id" UUID NOT NULL,
    "user_id" UUID,
    "order_number" VARCHAR(50) NOT NULL,
    "total_amount" DECIMAL(10,2) NOT NULL,
    "currency" VARCHAR(3) NOT NULL DEFAULT 'JPY',
    "status" "order_status" NOT NULL DEFAULT 'pending',
    "payment_method" VARCHAR(50),
    "payment_intent_id" VARCHAR(255),
    "billing_address" JSONB,
    "shipping_address" JSONB,
    "notes" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "orders_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "order_items" (
    "id" UUID NOT NULL,
    "order_id" UUID NOT NULL,
    "product_id" UUID,
    "quantity" INTEGER NOT NULL DEFAULT 1,
    "unit_price" DECIMAL(10,2) NOT NULL,
    "total_price" DECIMAL(10,2) NOT NULL,
    "license_key" VARCHAR(255),
    "download_count" INTEGER NOT NULL DEFAULT 0,
    "download_limit" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "order_items_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "kpi_metrics" (
    "id" UUID NOT NULL,
    "metric_name" VARCHAR(100) NOT NULL,
    "character_scope" "kpi_scope" NOT NULL,
    "metric_value" DECIMAL(15,2) NOT NULL,
    "metric_date" DATE NOT NULL,
    "period_type" "period_type" NOT NULL,
    "metadata" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "kpi_metrics_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "revenue_analytics" (
    "id" UUID NOT NULL,
    "date" DATE NOT NULL,
    "character_attribution" "character_owner" NOT NULL,
    "revenue_source" "revenue_source",
    "amount" DECIMAL(12,2) NOT NULL,
    "currency" VARCHAR(3) NOT NULL DEFAULT 'JPY',
    "customer_count" INTEGER,
    "new_customer_count" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "revenue_analytics_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_logs" (
    "id" UUID NOT NULL,
    "user_id" UUID,
    "action" VARCHAR(50) NOT NULL,
    "resource" VARCHAR(100) NOT NULL,
    "resource_id" VARCHAR(100),
    "changes" JSONB,
    "ip_address" INET,
    "user_agent" TEXT,
    "status" "audit_status" NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_logs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "cross_site_activities" (
    "id" UUID NOT NULL,
    "user_id" UUID,
    "from_domain" VARCHAR(100) NOT NULL,
    "to_domain" VARCHAR(100) NOT NULL,
    "session_id" VARCHAR(255),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "cross_site_activities_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "embed_keys" (
    "id" UUID NOT NULL,
    "public_key" VARCHAR(64) NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "tenant" "tenant" NOT NULL,
    "source" VARCHAR(100) NOT NULL,
    "allowed_origins" TEXT[],
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_by" UUID,
    "last_used_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "embed_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "idempotency_keys" (
    "id" UUID NOT NULL,
    "scope" VARCHAR(200) NOT NULL,
    "key" VARCHAR(255) NOT NULL,
    "request_hash" VARCHAR(128) NOT NULL,
    "response_status" INTEGER,
    "response_body" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhook_events" (
    "id" VARCHAR(255) NOT NULL,
    "provider" VARCHAR(50) NOT NULL DEFAULT 'stripe',
    "type" VARCHAR(100) NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processed_at" TIMESTAMPTZ(3),

    CONSTRAINT "webhook_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE INDEX "accounts_user_id_idx" ON "accounts"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "accounts_provider_provider_account_id_key" ON "accounts"("provider", "provider_account_id");

-- CreateIndex
CREATE UNIQUE INDEX "sessions_session_token_key" ON "sessions"("session_token");

-- CreateIndex
CREATE INDEX "sessions_user_id_idx" ON "sessions"("user_id");

-- CreateIndex
CREATE INDEX "sessions_expires_idx" ON "sessions"("expires");

-- CreateIndex
CREATE UNIQUE INDEX "user_profiles_user_id_key" ON "user_profiles"("user_id");

-- CreateIndex
CREATE INDEX "leads_status_created_at_idx" ON "leads"("status", "created_at" DESC);

-- CreateIndex
CREATE INDEX "leads_priority_created_at_idx" ON "leads"("priority", "created_at" DESC);

-- CreateIndex
CREATE INDEX "leads_assigned_to_created_at_idx" ON "leads"("assigned_to", "created_at" DESC);

-- CreateIndex
CREATE INDEX "leads_source_created_at_idx" ON "leads"("source", "created_at" DESC);

-- CreateIndex
CREATE INDEX "leads_source_domain_created_at_idx" ON "leads"("source_domain", "created_at" DESC);

-- CreateIndex
CREATE INDEX "leads_created_at_id_idx" ON "leads"("created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "leads_email_hash_idx" ON "leads"("email_hash");

-- CreateIndex
CREATE INDEX "leads_user_id_idx" ON "leads"("user_id");

-- CreateIndex
CREATE INDEX "inquiries_lead_id_created_at_idx" ON "inquiries"("lead_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "inquiries_user_id_idx" ON "inquiries"("user_id");

-- CreateIndex
CREATE INDEX "inquiries_status_created_at_idx" ON "inquiries"("status", "created_at" DESC);

-- CreateIndex
CREATE INDEX "inquiries_assigned_to_created_at_idx" ON "inquiries"("assigned_to", "created_at" DESC);

-- CreateIndex
CREATE INDEX "companies_domain_idx" ON "companies"("domain");

-- CreateIndex
CREATE INDEX "companies_name_idx" ON "companies"("name");

-- CreateIndex
CREATE INDEX "company_contacts_lead_id_idx" ON "company_contacts"("lead_id");

-- CreateIndex
CREATE UNIQUE INDEX "company_contacts_company_id_lead_id_key" ON "company_contacts"("company_id", "lead_id");

-- CreateIndex
CREATE INDEX "projects_status_created_at_idx" ON "projects"("status", "created_at" DESC);

-- CreateIndex
CREATE INDEX "projects_company_id_idx" ON "projects"("company_id");

-- CreateIndex
CREATE INDEX "projects_lead_id_idx" ON "projects"("lead_id");

-- CreateIndex
CREATE INDEX "projects_project_manager_idx" ON "projects"("project_manager");

-- CreateIndex
CREATE INDEX "projects_end_date_idx" ON "projects"("end_date");

-- CreateIndex
CREATE INDEX "project_deliverables_project_id_idx" ON "project_deliverables"("project_id");

-- CreateIndex
CREATE INDEX "project_activities_project_id_created_at_idx" ON "project_activities"("project_id", "created_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "contents_slug_key" ON "contents"("slug");

-- CreateIndex
CREATE INDEX "contents_character_owner_status_published_at_idx" ON "contents"("character_owner", "status", "published_at" DESC);

-- CreateIndex
CREATE INDEX "contents_content_type_status_idx" ON "contents"("content_type", "status");

-- CreateIndex
CREATE UNIQUE INDEX "content_categories_slug_key" ON "content_categories"("slug");

-- CreateIndex
CREATE INDEX "content_categories_parent_id_sort_order_idx" ON "content_categories"("parent_id", "sort_order");

-- CreateIndex
CREATE INDEX "content_categories_character_scope_sort_order_idx" ON "content_categories"("character_scope", "sort_order");

-- CreateIndex
CREATE INDEX "content_category_relations_category_id_idx" ON "content_category_relations"("category_id");

-- CreateIndex
CREATE INDEX "content_analytics_content_id_created_at_idx" ON "content_analytics"("content_id", "created_at");

-- CreateIndex
CREATE INDEX "content_analytics_created_at_idx" ON "content_analytics"("created_at");

-- CreateIndex
CREATE INDEX "content_analytics_user_id_idx" ON "content_analytics"("user_id");

-- CreateIndex
CREATE INDEX "products_character_owner_status_idx" ON "products"("character_owner", "status");

-- CreateIndex
CREATE UNIQUE INDEX "orders_order_number_key" ON "orders"("order_number");

-- CreateIndex
CREATE INDEX "orders_user_id_created_at_idx" ON "orders"("user_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "orders_status_created_at_idx" ON "orders"("status", "created_at" DESC);

-- CreateIndex
CREATE INDEX "orders_payment_intent_id_idx" ON "orders"("payment_intent_id");

-- CreateIndex
CREATE UNIQUE INDEX "order_items_license_key_key" ON "order_items"("license_key");

-- CreateIndex
CREATE INDEX "order_items_order_id_idx" ON "order_items"("order_id");

-- CreateIndex
CREATE INDEX "order_items_product_id_idx" ON "order_items"("product_id");

-- CreateIndex
CREATE INDEX "kpi_metrics_character_scope_period_type_metric_date_idx" ON "kpi_metrics"("character_scope", "period_type", "metric_date" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "kpi_metrics_metric_name_character_scope_metric_date_period__key" ON "kpi_metrics"("metric_name", "character_scope", "metric_date", "period_type");

-- CreateIndex
CREATE INDEX "revenue_analytics_date_character_attribution_idx" ON "revenue_analytics"("date", "character_attribution");

-- CreateIndex
CREATE INDEX "audit_logs_resource_resource_id_created_at_idx" ON "audit_logs"("resource", "resource_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "audit_logs_user_id_created_at_idx" ON "audit_logs"("user_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "audit_logs_created_at_idx" ON "audit_logs"("created_at" DESC);

-- CreateIndex
CREATE INDEX "cross_site_activities_user_id_created_at_idx" ON "cross_site_activities"("user_id", "created_at");

-- CreateIndex
CREATE INDEX "cross_site_activities_created_at_idx" ON "cross_site_activities"("created_at");

-- CreateIndex
CREATE UNIQUE INDEX "embed_keys_public_key_key" ON "embed_keys"("public_key");

-- CreateIndex
CREATE INDEX "idempotency_keys_expires_at_idx" ON "idempotency_keys"("expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "idempotency_keys_scope_key_key" ON "idempotency_keys"("scope", "key");

-- AddForeignKey
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_profiles" ADD CONSTRAINT "user_profiles_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "leads" ADD CONSTRAINT "leads_assigned_to_fkey" FOREIGN KEY ("assigned_to") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "leads" ADD CONSTRAINT "leads_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inquiries" ADD CONSTRAINT "inquiries_lead_id_fkey" FOREIGN KEY ("lead_id") REFERENCES "leads"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inquiries" ADD CONSTRAINT "inquiries_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inquiries" ADD CONSTRAINT "inquiries_assigned_to_fkey" FOREIGN KEY ("assigned_to") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "company_contacts" ADD CONSTRAINT "company_contacts_company_id_fkey" FOREIGN KEY ("company_id") REFERENCES "companies"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "company_contacts" ADD CONSTRAINT "company_contacts_lead_id_fkey" FOREIGN KEY ("lead_id") REFERENCES "leads"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "projects" ADD CONSTRAINT "projects_company_id_fkey" FOREIGN KEY ("company_id") REFERENCES "companies"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "projects" ADD CONSTRAINT "projects_lead_id_fkey" FOREIGN KEY ("lead_id") REFERENCES "leads"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "projects" ADD CONSTRAINT "projects_project_manager_fkey" FOREIGN KEY ("project_manager") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "project_deliverables" ADD CONSTRAINT "project_deliverables_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "project_activities" ADD CONSTRAINT "project_activities_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "project_activities" ADD CONSTRAINT "project_activities_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "content_categories" ADD CONSTRAINT "content_categories_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "content_categories"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "content_category_relations" ADD CONSTRAINT "content_category_relations_content_id_fkey" FOREIGN KEY ("content_id") REFERENCES "contents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "content_category_relations" ADD CONSTRAINT "content_category_relations_category_id_fkey" FOREIGN KEY ("category_id") REFERENCES "content_categories"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "content_analytics" ADD CONSTRAINT "content_analytics_content_id_fkey" FOREIGN KEY ("content_id") REFERENCES "contents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "content_analytics" ADD CONSTRAINT "content_analytics_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "orders" ADD CONSTRAINT "orders_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "order_items" ADD CONSTRAINT "order_items_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "order_items" ADD CONSTRAINT "order_items_product_id_fkey" FOREIGN KEY ("product_id") REFERENCES "products"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_logs" ADD CONSTRAINT "audit_logs_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "cross_site_activities" ADD CONSTRAINT "cross_site_activities_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "embed_keys" ADD CONSTRAINT "embed_keys_created_by_fkey" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- ---------------------------------------------------------------------------------------------
-- CHECK constraints the Prisma schema language cannot express (kept by hand, see prisma/schema.prisma).

-- Ratings are 1–5 (spec).
ALTER TABLE "inquiries" ADD CONSTRAINT "inquiries_satisfaction_rating_check" CHECK ("satisfaction_rating" BETWEEN 1 AND 5);
ALTER TABLE "projects" ADD CONSTRAINT "projects_client_satisfaction_check" CHECK ("client_satisfaction" BETWEEN 1 AND 5);

-- Dates in order.
ALTER TABLE "projects" ADD CONSTRAINT "projects_dates_check" CHECK ("end_date" IS NULL OR "start_date" IS NULL OR "end_date" >= "start_date");

-- Money and counts are never negative, quantities are positive.
ALTER TABLE "leads" ADD CONSTRAINT "leads_estimated_value_check" CHECK ("estimated_value" >= 0);
ALTER TABLE "projects" ADD CONSTRAINT "projects_budget_check" CHECK ("budget" >= 0);
ALTER TABLE "projects" ADD CONSTRAINT "projects_actual_cost_check" CHECK ("actual_cost" >= 0);
ALTER TABLE "user_profiles" ADD CONSTRAINT "user_profiles_total_spent_check" CHECK ("total_spent" >= 0);
ALTER TABLE "products" ADD CONSTRAINT "products_price_check" CHECK ("price" >= 0);
ALTER TABLE "products" ADD CONSTRAINT "products_inventory_count_check" CHECK ("inventory_count" >= 0);
ALTER TABLE "products" ADD CONSTRAINT "products_recurring_check" CHECK ("is_recurring" = ("recurring_interval" IS NOT NULL));
ALTER TABLE "orders" ADD CONSTRAINT "orders_total_amount_check" CHECK ("total_amount" >= 0);
ALTER TABLE "order_items" ADD CONSTRAINT "order_items_quantity_check" CHECK ("quantity" > 0);
ALTER TABLE "order_items" ADD CONSTRAINT "order_items_unit_price_check" CHECK ("unit_price" >= 0);
ALTER TABLE "order_items" ADD CONSTRAINT "order_items_total_price_check" CHECK ("total_price" >= 0);
ALTER TABLE "order_items" ADD CONSTRAINT "order_items_downloads_check" CHECK ("download_count" >= 0 AND ("download_limit" IS NULL OR "download_limit" >= 0));
ALTER TABLE "revenue_analytics" ADD CONSTRAINT "revenue_analytics_counts_check" CHECK (("customer_count" IS NULL OR "customer_count" >= 0) AND ("new_customer_count" IS NULL OR "new_customer_count" >= 0));
ALTER TABLE "contents" ADD CONSTRAINT "contents_counters_check" CHECK ("view_count" >= 0 AND "like_count" >= 0 AND "download_count" >= 0);
ALTER TABLE "inquiries" ADD CONSTRAINT "inquiries_response_time_sla_check" CHECK ("response_time_sla" > 0);

-- Currency codes are ISO 4217 shaped.
ALTER TABLE "products" ADD CONSTRAINT "products_currency_check" CHECK ("currency" ~ '^[A-Z]{3}$');
ALTER TABLE "orders" ADD CONSTRAINT "orders_currency_check" CHECK ("currency" ~ '^[A-Z]{3}$');
ALTER TABLE "revenue_analytics" ADD CONSTRAINT "revenue_analytics_currency_check" CHECK ("currency" ~ '^[A-Z]{3}$');

-- A category is never its own parent (deeper cycles are refused by the content service).
ALTER TABLE "content_categories" ADD CONSTRAINT "content_categories_parent_check" CHECK ("parent_id" <> "id");

