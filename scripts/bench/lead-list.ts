// Lead list at scale: 1,000,000 leads, then the p95 of GET /api/leads for the admin's common filters and a
// deep page.   npm run bench:list [-- --leads 1000000 --requests 200]
// Rows are generated in PostgreSQL (generate_series) across both sites, every status and priority, 20 staff
// assignees and two years of dates; emails are plaintext placeholders of realistic length (the extension
// passes plaintext through), so the numbers measure the query path, not decryption.
import { parseArgs } from "node:util";
import pg from "pg";
import { adminToken, benchServer, fmt, percentile, scratchDatabase } from "./common.ts";

const { values } = parseArgs({ options: { leads: { type: "string", default: "1000000" }, requests: { type: "string", default: "200" } } });
const total = Number(values.leads);
const requests = Number(values.requests);

const db = await scratchDatabase();
let server: Awaited<ReturnType<typeof benchServer>> | undefined;
try {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  const started = Date.now();
  await client.query(
    `INSERT INTO users (id, email, name, role) SELECT gen_random_uuid(), 'staff' || i || '@example.com', 'Staff ' || i, 'manager' FROM generate_series(1, 20) i`,
  );
  await client.query(
    `
    INSERT INTO leads (id, email, email_hash, name, company, source, source_domain, lead_type, status, priority, estimated_value, assigned_to, gdpr_consent, consent_date, created_at, updated_at)
    SELECT gen_random_uuid(),
           'lead' || i || '@company' || (i % 5000) || '.example.com',
           md5('lead' || i),
           (ARRAY['佐藤','鈴木','高橋','田中','Smith','Garcia','伊藤','渡辺'])[1 + i % 8] || ' ' || (ARRAY['花子','太郎','Alex','Sam','美咲','健'])[1 + i % 6],
           CASE WHEN i % 4 = 0 THEN NULL ELSE 'Company ' || (i % 5000) END,
           (ARRAY['yuya_site','aoba_site','referral','social','direct'])[1 + i % 5],
           CASE WHEN i % 2 = 0 THEN 'yuya-kabuki.com' ELSE 'aoba-nekosora.com' END,
           (ARRAY['b2b_consultation','tool_interest','collaboration','music_licensing','other'])[1 + i % 5]::lead_type,
           (ARRAY['new','contacted','qualified','proposal','negotiation','won','lost'])[1 + i % 7]::lead_status,
           (ARRAY['low','medium','high','urgent'])[1 + (i / 7) % 4]::priority,
           (i % 40) * 25000,
           CASE WHEN i % 3 = 0 THEN NULL ELSE (SELECT id FROM users WHERE email = 'staff' || (1 + i % 20) || '@example.com') END,
           true, now(), now() - (i % 730) * interval '1 day' - (i % 86400) * interval '1 second', now()
    FROM generate_series(1, $1::int) i`,
    [total],
  );
  // A table in steady state has been vacuumed (autovacuum): index-only scans can skip the heap.
  await client.query("VACUUM ANALYZE leads");
  const staffId = (await client.query<{ id: string }>("SELECT id FROM users WHERE email = 'staff7@example.com'")).rows[0]!.id;
  await client.end();
  const generated = (Date.now() - started) / 1000;

  server = await benchServer(db.url);
  const token = await adminToken(db.url);
  const get = async (query: string) => {
    const t0 = performance.now();
    const res = await fetch(`http://127.0.0.1:${server!.port}/api/leads?${query}`, {
      headers: { host: `admin.localhost:${server!.port}`, authorization: `Bearer ${token}` },
    });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${query}: ${res.status}`);
    return performance.now() - t0;
  };
  const cases: [string, string][] = [
    ["newest, page 1", "limit=20"],
    ["status=new", "status=new&limit=20"],
    ["site + status", "character=yuya&status=qualified&limit=20"],
    ["priority + assignee", `priority=high&assignee=${staffId}&limit=20`],
    ["search (latin, trigram)", `q=${encodeURIComponent("Garcia")}&limit=20`],
    ["search (2 kanji)", `q=${encodeURIComponent("佐藤")}&limit=20`],
    ["search (rare, ~150 hits)", `q=${encodeURIComponent("Company 4242")}&limit=20`],
    ["last 30 days", `from=${new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10)}&limit=20`],
    ["deep page (5,000)", "page=5000&limit=20"],
    ["100 per page", "status=won&limit=100"],
  ];
  console.log(
    `\nLead list: ${total.toLocaleString()} leads generated in ${fmt(generated)} s; ${requests} sequential requests per case (after 10 warm-up)`,
  );
  console.log("  case                      p50 ms    p95 ms    (goal p95 < 30 ms)");
  for (const [label, query] of cases) {
    for (let i = 0; i < 10; i++) await get(query);
    const times: number[] = [];
    for (let i = 0; i < requests; i++) times.push(await get(query));
    times.sort((a, b) => a - b);
    console.log(`  ${label.padEnd(24)} ${fmt(percentile(times, 50)).padStart(7)}   ${fmt(percentile(times, 95)).padStart(7)}`);
  }
} finally {
  await server?.stop();
  await db.stop();
}
