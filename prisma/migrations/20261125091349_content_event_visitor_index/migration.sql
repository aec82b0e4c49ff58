-- CreateIndex
CREATE INDEX "content_analytics_session_id_content_id_event_type_created__idx" ON "content_analytics"("session_id", "content_id", "event_type", "created_at");
