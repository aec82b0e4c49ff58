-- Hand-written: a submission (lead form, inquiry form, embed, API) stored in one round trip
-- (docs/decisions/010-submission-in-one-statement.md). app/modules/leads/leads.server.ts encrypts the
-- personal fields and calls submit_inquiry(); the rules are the ones it had in Prisma calls before:
-- one open lead per address and site (submissions for the same address serialized by an advisory lock),
-- a second submission adds its inquiry and a timeline entry to the open lead and fills only what the lead
-- did not know yet; lead and inquiry linked to the user with that address.

-- A time-ordered UUID (version 7, RFC 9562), as Prisma's uuid(7) default makes them: 48 bits of Unix
-- milliseconds, then random bits with the version and variant set.
CREATE FUNCTION uuid7() RETURNS uuid
  LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
  SELECT encode(
    set_bit(set_bit(
      overlay(uuid_send(gen_random_uuid())
              PLACING substring(int8send((extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
              FROM 1 FOR 6),
      52, 1), 53, 1),
    'hex')::uuid $$;

CREATE FUNCTION submit_inquiry(
  p_email text,                -- encrypted
  p_email_hash text,           -- the blind index
  p_user_email text,           -- normalized plaintext, only to find the user with that address
  p_name text,
  p_company text,
  p_phone text,                -- encrypted
  p_job_title text,
  p_source text,
  p_source_domain text,
  p_source_page text,
  p_lead_type lead_type,
  p_subject text,
  p_message text,              -- encrypted
  p_inquiry_type inquiry_type,
  p_priority priority,
  p_sla integer,
  p_attachments jsonb,         -- file names encrypted
  p_activity_description text, -- encrypted
  p_activity_meta jsonb
) RETURNS TABLE (lead_id uuid, inquiry_id uuid, duplicate boolean)
  LANGUAGE plpgsql VOLATILE SET search_path FROM CURRENT AS $$
DECLARE
  v_user uuid;
  v_lead uuid;
  v_inquiry uuid := uuid7();
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('lead:' || p_email_hash || ':' || coalesce(p_source_domain, ''), 0));
  SELECT u.id INTO v_user FROM users u WHERE u.email = p_user_email;
  SELECT l.id INTO v_lead FROM leads l
   WHERE l.email_hash = p_email_hash AND l.source_domain IS NOT DISTINCT FROM p_source_domain AND l.status NOT IN ('won', 'lost')
   ORDER BY l.created_at DESC LIMIT 1;

  IF v_lead IS NOT NULL THEN
    INSERT INTO inquiries (id, lead_id, user_id, subject, message, inquiry_type, priority, response_time_sla, attachments)
    VALUES (v_inquiry, v_lead, v_user, p_subject, p_message, p_inquiry_type, p_priority, p_sla, p_attachments);
    UPDATE leads l SET
      name = coalesce(l.name, p_name),
      company = coalesce(l.company, p_company),
      phone = coalesce(l.phone, p_phone),
      job_title = coalesce(l.job_title, p_job_title),
      user_id = coalesce(l.user_id, v_user),
      gdpr_consent = true,
      consent_date = now(),
      updated_at = now()
    WHERE l.id = v_lead;
    INSERT INTO lead_activities (id, lead_id, activity_type, description, metadata)
    VALUES (uuid7(), v_lead, 'inquiry', p_activity_description, p_activity_meta || jsonb_build_object('inquiryId', v_inquiry));
    RETURN QUERY SELECT v_lead, v_inquiry, true;
    RETURN;
  END IF;

  v_lead := uuid7();
  INSERT INTO leads (id, email, email_hash, name, company, phone, job_title, source, source_domain, source_page, lead_type, priority, user_id, gdpr_consent, consent_date)
  VALUES (v_lead, p_email, p_email_hash, p_name, p_company, p_phone, p_job_title, p_source, p_source_domain, p_source_page, p_lead_type, p_priority, v_user, true, now());
  INSERT INTO inquiries (id, lead_id, user_id, subject, message, inquiry_type, priority, response_time_sla, attachments)
  VALUES (v_inquiry, v_lead, v_user, p_subject, p_message, p_inquiry_type, p_priority, p_sla, p_attachments);
  INSERT INTO lead_activities (id, lead_id, activity_type, description, metadata)
  VALUES (uuid7(), v_lead, 'created', p_activity_description, p_activity_meta);
  RETURN QUERY SELECT v_lead, v_inquiry, false;
END $$;
