// The references the benchmarks compare our server with, each in its own process on loopback:
//   BARE=express (the default): one INSERT through a pg pool per POST, behind Express and its JSON body parser, as
//     our server's edge is — no validation, encryption, tenant, logs or Remix (lead-ingest.ts);
//   BARE=http: the same on node:http alone (lead-ingest.ts);
//   BARE=static: Express serving STATIC_DIR with express.static and nothing else (floor.ts);
//   BARE=remix: the minimal Remix app built from remix-reference/ (REMIX_BUILD, its server build), behind
//     @remix-run/express's request handler and nothing else (remix.ts).
//   DATABASE_URL=… PORT=… [BARE=…] [STATIC_DIR=…] [REMIX_BUILD=…] tsx scripts/bench/bare-server.ts
// Prints "ready"; stops on SIGTERM.
import http from "node:http";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
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

function staticServer() {
  const app = express();
  app.use(express.static(process.env.STATIC_DIR!));
  return http.createServer(app);
}

async function remixServer() {
  const build = (await import(pathToFileURL(process.env.REMIX_BUILD!).href)) as ServerBuild;
  const app = express();
  app.all("*", createRequestHandler({ build, mode: "production" }));
  return http.createServer(app);
}

const kind = process.env.BARE ?? "express";
const server =
  kind === "http" ? nodeServer() : kind === "static" ? staticServer() : kind === "remix" ? await remixServer() : expressServer();
server.listen(Number(process.env.PORT), "127.0.0.1", () => console.log("ready"));
process.once("SIGTERM", () => server.close(() => void pool.end().then(() => process.exit(0))));
