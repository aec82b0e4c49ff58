// The ceiling of any Node HTTP endpoint on this machine, for lead-ingest.ts: Express with its JSON body
// parser and one INSERT through a pg pool per request — no validation, encryption, tenant, logs or Remix.
//   DATABASE_URL=… PORT=… tsx scripts/bench/bare-server.ts   (prints "ready"; stops on SIGTERM)
import express from "express";
import pg from "pg";

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 20 });
const app = express();
app.use(express.json());
app.post("/", async (req, res) => {
  const { email, name, message } = req.body as { email: string; name: string; message: string };
  await pool.query("INSERT INTO bench_raw (email, name, message) VALUES ($1, $2, $3)", [email, name, message]);
  res.status(201).json({ data: { status: "received" } });
});
const server = app.listen(Number(process.env.PORT), "127.0.0.1", () => console.log("ready"));
process.once("SIGTERM", () => server.close(() => void pool.end().then(() => process.exit(0))));
