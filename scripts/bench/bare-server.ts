// The ceilings of any Node HTTP endpoint on this machine, for lead-ingest.ts: one INSERT through a pg pool per
// request and nothing else — no validation, encryption, tenant, logs or Remix. BARE=express (the default) puts
// it behind Express and its JSON body parser, as our server's edge is; BARE=http uses node:http alone.
//   DATABASE_URL=… PORT=… [BARE=http] tsx scripts/bench/bare-server.ts   (prints "ready"; stops on SIGTERM)
import http from "node:http";
import express from "express";
import pg from "pg";

type Submission = { email: string; name: string; message: string };
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 20 });
const insert = (row: Submission) =>
  pool.query("INSERT INTO bench_raw (email, name, message) VALUES ($1, $2, $3)", [row.email, row.name, row.message]);
const received = JSON.stringify({ data: { status: "received" } });

function expressServer() {
  const app = express();
  app.use(express.json());
  app.post("/", async (req, res) => {
    await insert(req.body as Submission);
    res.status(201).json({ data: { status: "received" } });
  });
  return http.createServer(app);
}

function nodeServer() {
  return http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      void insert(JSON.parse(Buffer.concat(chunks).toString("utf8")) as Submission).then(() => {
        res.writeHead(201, { "content-type": "application/json", "content-length": Buffer.byteLength(received) });
        res.end(received);
      });
    });
  });
}

const server = (process.env.BARE === "http" ? nodeServer() : expressServer()).listen(Number(process.env.PORT), "127.0.0.1", () =>
  console.log("ready"),
);
process.once("SIGTERM", () => server.close(() => void pool.end().then(() => process.exit(0))));
