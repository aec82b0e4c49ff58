// Hands a request to Remix. Not @remix-run/express's adapter, for two reasons: it builds request.url from
// X-Forwarded-Host (the port always, the host under "trust proxy"), which any client can write, so a loader's
// origin — the sign-in link in a mail — could point anywhere; here it is the Host header the tenant was
// resolved from. And the body reaches Remix only through the edge's size limit (body-limit.ts).
import type { NextFunction, Request, Response } from "express";
import {
  createReadableStreamFromReadable,
  createRequestHandler,
  writeReadableStreamToWritable,
  type AppLoadContext,
  type ServerBuild,
} from "@remix-run/node";
import { DATABASE_RETRY_AFTER_SECONDS } from "../app/lib/db-errors.ts";
import { bodyLimitFor, countingStream, declaresTooMuch, refuseBody, type BodyLimits } from "./body-limit.ts";
import { answerDatabaseUnavailable } from "./unavailable.ts";

interface Options {
  build: ServerBuild | (() => Promise<ServerBuild>);
  mode: string;
  bodyLimits: BodyLimits;
  getLoadContext: (req: Request, res: Response) => AppLoadContext;
}

export function remixHandler({ build, mode, bodyLimits, getLoadContext }: Options) {
  const handle = createRequestHandler(build, mode);
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const maxBody = bodyLimitFor(req, bodyLimits);
      if (declaresTooMuch(req, maxBody)) return refuseBody(req, res, maxBody);
      const controller = new AbortController();
      const request = remixRequest(req, res, controller, maxBody);
      const context = getLoadContext(req, res);
      const response = await handle(request, context);
      if (res.headersSent) {
        // The edge has answered already (a body over its limit): Remix's answer goes nowhere.
        await response.body?.cancel();
        return;
      }
      if (response.status === 500 && context.databaseUnavailable) {
        // Remix answers any loader's or action's error with a 500 (text/plain "Unexpected Server Error" from an
        // API route); handleError noted that this one was the database being away.
        if (new URL(request.url).searchParams.has("_data")) {
          // A client-side navigation's data request: Remix's error body is what its router reads.
          response.headers.set("Retry-After", String(DATABASE_RETRY_AFTER_SECONDS));
          return await sendResponse(res, new Response(response.body, { status: 503, headers: response.headers }));
        }
        // Read to its end rather than cancelled: cancelling a streamed page makes React log a closed stream.
        await response.body?.pipeTo(new WritableStream());
        return answerDatabaseUnavailable(req, res);
      }
      await sendResponse(res, response);
    } catch (error) {
      next(error);
    }
  };
}

/** The Fetch API request Remix sees: the resolved Host (res.locals.host), the path as sent, the body within its limit. */
function remixRequest(req: Request, res: Response, controller: AbortController, maxBody: number): globalThis.Request {
  const url = new URL(`${req.protocol}://${res.locals.host as string}${req.originalUrl}`);
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value === undefined || key === "x-forwarded-host") continue;
    for (const one of [value].flat()) headers.append(key, one);
  }
  const init: RequestInit & { duplex?: "half" } = { method: req.method, headers, signal: controller.signal };
  if (req.method !== "GET" && req.method !== "HEAD") {
    const counted = countingStream(maxBody, () => {
      controller.abort();
      refuseBody(req, res, maxBody);
    });
    init.body = createReadableStreamFromReadable(req.pipe(counted));
    init.duplex = "half";
  }
  // Loaders and actions stop when the client is gone before the answer was sent.
  let pending = true;
  res.on("finish", () => (pending = false));
  res.on("close", () => pending && controller.abort());
  return new Request(url.href, init);
}

async function sendResponse(res: Response, response: globalThis.Response): Promise<void> {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [key, value] of response.headers.entries()) res.append(key, value);
  if (/text\/event-stream/i.test(response.headers.get("content-type") ?? "")) res.flushHeaders();
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}
