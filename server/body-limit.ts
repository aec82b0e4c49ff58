// The size limit of every request body, by kind, enforced at the edge while the body streams in (a declared
// Content-Length is refused before a byte is read; a chunked body is counted). Routes buffered whole bodies
// (request.formData(), a multipart form's many 64 KB text fields) before: 200 MB sent slowly sat in memory.
import { Transform, type TransformCallback } from "node:stream";
import type { Request, Response } from "express";
import type { Env } from "../app/lib/env.server.ts";
import { MAX_IMPORT_BYTES } from "../app/modules/leads/import.server.ts";
import { isApiRequest } from "./security.ts";
import { plainPage } from "./plain-page.ts";

const KB = 1024;
const MB = 1024 * KB;

export interface BodyLimits {
  /** JSON: the API reads at most 64 KB (app/lib/api.server.ts); Stripe's events are well under 1 MB. */
  json: number;
  /** urlencoded forms: the largest is a content of 200,000 characters, %-encoded (up to 9 bytes each). */
  form: number;
  /** multipart: every attachment at its largest (or a CSV import), plus the text fields. */
  multipart: number;
  /** Any other type (text/plain, octet-stream, none given). */
  other: number;
}

export function bodyLimitsFromEnv(env: Pick<Env, "ATTACHMENT_MAX_FILES" | "ATTACHMENT_MAX_BYTES">): BodyLimits {
  const files = Math.max(env.ATTACHMENT_MAX_FILES * env.ATTACHMENT_MAX_BYTES, MAX_IMPORT_BYTES);
  return { json: 1 * MB, form: 2 * MB, multipart: files + 1 * MB, other: 1 * MB };
}

const BODYLESS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The most bytes this request's body may have: none for GET, HEAD and OPTIONS (nothing reads them), else by its type. */
export function bodyLimitFor(req: Request, limits: BodyLimits): number {
  if (BODYLESS.has(req.method)) return 0;
  const type = (req.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type === "application/json" || type.endsWith("+json")) return limits.json;
  if (type === "application/x-www-form-urlencoded") return limits.form;
  if (type === "multipart/form-data") return limits.multipart;
  return limits.other;
}

/** Whether the request declares more than `max` bytes, or declares a body where none may be. */
export function declaresTooMuch(req: Request, max: number): boolean {
  const length = req.get("content-length");
  if (length !== undefined) return Number(length) > max;
  return max === 0 && req.get("transfer-encoding") !== undefined;
}

/** After a 413, this much more of the body is read and dropped (the client sees the answer and stops), or for this long; then the connection is cut. */
const DRAIN_BYTES = 8 * MB;
const DRAIN_MS = 2000;

/**
 * Answers 413 (JSON on /api, a page elsewhere). The rest of the body is read and dropped as it comes, so it
 * costs no memory: cutting the connection at once would make the client's kernel throw the answer away (a reset
 * while it is still sending), so the body is drained for a while, then the connection closed.
 */
export function refuseBody(req: Request, res: Response, max: number): void {
  req.unpipe();
  drainThenClose(req);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const message = `The request body is larger than this address accepts (${max} bytes).`;
  if (isApiRequest(req)) {
    res.status(413).json({ error: { code: "body_too_large", message } });
  } else {
    res
      .status(413)
      .type("html")
      .send(plainPage("413", "Request too large", "リクエストが大きすぎます", message));
  }
  req.log?.warn({ max }, "refused a request body over its limit");
}

function drainThenClose(req: Request): void {
  let drained = 0;
  const cut = () => {
    if (!req.complete) req.socket.destroy();
  };
  const timer = setTimeout(cut, DRAIN_MS);
  timer.unref();
  req.on("data", (chunk: Buffer) => {
    drained += chunk.byteLength;
    if (drained > DRAIN_BYTES) cut();
  });
  req.once("close", () => clearTimeout(timer));
  req.resume();
}

export class BodyTooLarge extends Error {
  override name = "BodyTooLarge";
}

/**
 * Passes the body on while it stays within `max` bytes; past that, calls `onTooLarge` and fails, so whatever
 * reads the body (formData(), a multipart parser) stops there instead of waiting for the rest.
 */
export function countingStream(max: number, onTooLarge: () => void): Transform {
  let size = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
      size += chunk.byteLength;
      if (size <= max) return done(null, chunk);
      onTooLarge();
      done(new BodyTooLarge(`body over ${max} bytes`));
    },
  });
}
