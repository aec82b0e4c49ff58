-- Hand-written: daily rollups for the dashboard and analytics APIs (docs/decisions/004-analytics-rollups.md).
--
-- Statement-level triggers append the (Japan-time) days a write touched to rollup_dirty; the refresher
-- (app/modules/analytics/rollups.server.ts) deletes those marks and recomputes the days in one transaction;
-- readers take clean days from the rollups and compute the still-dirty days live, in one snapshot. Marks
-- are appended, never deduplicated, so a write that commits after the refresher took its marks keeps its
-- own mark for the next round.

-- The business calendar of both brands is Japan time.
CREATE FUNCTION jst_day(ts timestamptz) RETURNS date
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT (ts AT TIME ZONE 'Asia/Tokyo')::date $$;

-- Which site a lead's source domain belongs to (the spec's two canonical domains; anything else is shared).
-- (Functions that name our own types or functions fix their search_path: index builds run with a restricted one.)
CREATE FUNCTION domain_site(domain text) RETURNS character_owner
  LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path FROM CURRENT AS $$
  SELECT CASE lower(domain) WHEN 'yuya-kabuki.com' THEN 'yuya' WHEN 'aoba-nekosora.com' THEN 'aoba' ELSE 'shared' END::character_owner $$;

-- The host of a referrer URL without "www.", or 'direct' when there is none.
CREATE FUNCTION referrer_host(referrer text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT COALESCE(NULLIF(regexp_replace(lower(substring(referrer from '^[A-Za-z][A-Za-z0-9+.-]*://([^/?#:@]+)')), '^www\.', ''), ''), 'direct') $$;

CREATE TABLE rollup_dirty (
  id bigserial PRIMARY KEY,
  rollup text NOT NULL,
  day date NOT NULL
);
CREATE INDEX rollup_dirty_rollup_day_idx ON rollup_dirty (rollup, day);

-- Per content and day: the event counts (popular content, totals by type and site).
CREATE TABLE content_daily_stats (
  day date NOT NULL,
  content_id uuid NOT NULL,
  site character_owner NOT NULL,
  content_type content_type,
  views integer NOT NULL,
  likes integer NOT NULL,
  shares integer NOT NULL,
  downloads integer NOT NULL,
  comments integer NOT NULL,
  PRIMARY KEY (day, content_id)
);
CREATE INDEX content_daily_stats_content_idx ON content_daily_stats (content_id);
CREATE INDEX content_daily_stats_site_day_idx ON content_daily_stats (site, day);

-- Per day, site, content type and referrer host: views (traffic sources, cross-site referrals).
CREATE TABLE content_referrer_daily (
  day date NOT NULL,
  site character_owner NOT NULL,
  content_type content_type,
  referrer_host text NOT NULL,
  views integer NOT NULL
);
CREATE INDEX content_referrer_daily_day_idx ON content_referrer_daily (day, site);

-- Per creation day, site, source, current status and type: lead counts and estimated value.
CREATE TABLE lead_daily_stats (
  day date NOT NULL,
  site character_owner NOT NULL,
  source varchar(100) NOT NULL,
  status lead_status NOT NULL,
  lead_type lead_type,
  leads integer NOT NULL,
  value numeric(14, 2) NOT NULL
);
CREATE INDEX lead_daily_stats_day_idx ON lead_daily_stats (day, site);

-- Where each user has been active (content events, leads, paid orders, crossings): the shared user base.
CREATE TABLE user_site_activity (
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  site character_owner NOT NULL,
  first_at timestamptz(3) NOT NULL,
  last_at timestamptz(3) NOT NULL,
  PRIMARY KEY (user_id, site)
);
CREATE INDEX user_site_activity_site_idx ON user_site_activity (site, first_at);

-- revenue_analytics (the spec's table) is the revenue rollup: one row per day, site, source and currency.
CREATE INDEX revenue_analytics_date_idx ON revenue_analytics (date);

-- Marks the days of the rows a statement touched. TG_ARGV[0]: the rollup; TG_ARGV[1]: a query over the
-- transition table "rows" that yields a column "day".
CREATE FUNCTION rollup_mark_days() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    EXECUTE format('INSERT INTO rollup_dirty (rollup, day) SELECT DISTINCT %L, day FROM (%s) d WHERE day IS NOT NULL',
                   TG_ARGV[0], replace(TG_ARGV[1], '$rows', 'new_rows'));
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    EXECUTE format('INSERT INTO rollup_dirty (rollup, day) SELECT DISTINCT %L, day FROM (%s) d WHERE day IS NOT NULL',
                   TG_ARGV[0], replace(TG_ARGV[1], '$rows', 'old_rows'));
  END IF;
  RETURN NULL;
END $$;

-- Like rollup_mark_days, for UPDATE triggers whose query (TG_ARGV[1]) compares old_rows and new_rows itself.
CREATE FUNCTION rollup_mark_changed() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('INSERT INTO rollup_dirty (rollup, day) SELECT DISTINCT %L, day FROM (%s) d WHERE day IS NOT NULL', TG_ARGV[0], TG_ARGV[1]);
  RETURN NULL;
END $$;

-- content_analytics → content
CREATE TRIGGER content_analytics_rollup_ins AFTER INSERT ON content_analytics REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_days('content', 'SELECT jst_day(created_at) AS day FROM $rows');
CREATE TRIGGER content_analytics_rollup_upd AFTER UPDATE ON content_analytics REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_days('content', 'SELECT jst_day(created_at) AS day FROM $rows');
CREATE TRIGGER content_analytics_rollup_del AFTER DELETE ON content_analytics REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_days('content', 'SELECT jst_day(created_at) AS day FROM $rows');
-- A content moved to another site or type: every day it has figures for (counter updates mark nothing).
CREATE TRIGGER contents_rollup_upd AFTER UPDATE ON contents REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_changed('content',
    'SELECT s.day FROM new_rows n JOIN old_rows o ON o.id = n.id JOIN content_daily_stats s ON s.content_id = n.id
      WHERE (n.character_owner, n.content_type) IS DISTINCT FROM (o.character_owner, o.content_type)');

-- leads → leads
CREATE TRIGGER leads_rollup_ins AFTER INSERT ON leads REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_days('leads', 'SELECT jst_day(created_at) AS day FROM $rows');
CREATE TRIGGER leads_rollup_upd AFTER UPDATE ON leads REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_days('leads', 'SELECT jst_day(created_at) AS day FROM $rows');
CREATE TRIGGER leads_rollup_del AFTER DELETE ON leads REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_days('leads', 'SELECT jst_day(created_at) AS day FROM $rows');

-- orders, order items, products, projects → revenue
CREATE TRIGGER orders_rollup_ins AFTER INSERT ON orders REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_days('revenue', 'SELECT jst_day(created_at) AS day FROM $rows');
CREATE TRIGGER orders_rollup_upd AFTER UPDATE ON orders REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_days('revenue', 'SELECT jst_day(created_at) AS day FROM $rows');
CREATE TRIGGER orders_rollup_del AFTER DELETE ON orders REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_days('revenue', 'SELECT jst_day(created_at) AS day FROM $rows');
CREATE TRIGGER order_items_rollup_ins AFTER INSERT ON order_items REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_days('revenue',
    'SELECT jst_day(o.created_at) AS day FROM $rows r JOIN orders o ON o.id = r.order_id');
CREATE TRIGGER order_items_rollup_upd AFTER UPDATE ON order_items REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_days('revenue',
    'SELECT jst_day(o.created_at) AS day FROM $rows r JOIN orders o ON o.id = r.order_id');
CREATE TRIGGER order_items_rollup_del AFTER DELETE ON order_items REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_days('revenue',
    'SELECT jst_day(o.created_at) AS day FROM $rows r JOIN orders o ON o.id = r.order_id');
-- A product moved to another site, type or license (inventory updates mark nothing).
CREATE TRIGGER products_rollup_upd AFTER UPDATE ON products REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_changed('revenue',
    'SELECT jst_day(ord.created_at) AS day FROM new_rows n JOIN old_rows o ON o.id = n.id
       JOIN order_items i ON i.product_id = n.id JOIN orders ord ON ord.id = i.order_id
      WHERE (n.character_owner, n.product_type, n.license_type) IS DISTINCT FROM (o.character_owner, o.product_type, o.license_type)');

-- A completed project earns its budget on its end date (or the day it was last changed, without one).
CREATE FUNCTION project_revenue_day(status project_status, end_date date, updated_at timestamptz) RETURNS date
  LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path FROM CURRENT AS $$
  SELECT CASE WHEN status = 'completed' THEN COALESCE(end_date, jst_day(updated_at)) END $$;
CREATE INDEX projects_revenue_day_idx ON projects (project_revenue_day(status, end_date, updated_at)) WHERE status = 'completed';
CREATE TRIGGER projects_rollup_ins AFTER INSERT ON projects REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_days('revenue', 'SELECT project_revenue_day(status, end_date, updated_at) AS day FROM $rows');
CREATE TRIGGER projects_rollup_upd AFTER UPDATE ON projects REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_days('revenue', 'SELECT project_revenue_day(status, end_date, updated_at) AS day FROM $rows');
CREATE TRIGGER projects_rollup_del AFTER DELETE ON projects REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_days('revenue', 'SELECT project_revenue_day(status, end_date, updated_at) AS day FROM $rows');

-- cross_site_activities → crossings (feeds user_site_activity)
CREATE TRIGGER cross_site_rollup_ins AFTER INSERT ON cross_site_activities REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_days('crossings', 'SELECT jst_day(created_at) AS day FROM $rows');

-- Everything already in the tables is dirty once: the first refresh builds the rollups.
INSERT INTO rollup_dirty (rollup, day) SELECT DISTINCT 'content', jst_day(created_at) FROM content_analytics;
INSERT INTO rollup_dirty (rollup, day) SELECT DISTINCT 'leads', jst_day(created_at) FROM leads;
INSERT INTO rollup_dirty (rollup, day)
  SELECT DISTINCT 'revenue', jst_day(created_at) FROM orders
  UNION SELECT DISTINCT 'revenue', project_revenue_day(status, end_date, updated_at) FROM projects WHERE status = 'completed';
INSERT INTO rollup_dirty (rollup, day) SELECT DISTINCT 'crossings', jst_day(created_at) FROM cross_site_activities;

-- The dashboard's recent-activity feed reads the newest rows of each of these.
CREATE INDEX IF NOT EXISTS inquiries_created_at_idx ON inquiries (created_at DESC);
CREATE INDEX lead_activities_status_change_idx ON lead_activities (created_at DESC) WHERE activity_type = 'status_change';
CREATE INDEX orders_updated_at_idx ON orders (updated_at DESC);
CREATE INDEX projects_updated_at_idx ON projects (updated_at DESC);
