// The Express edge in front of Remix: request id and logs, tenant resolution (once per request),
// security headers, static assets, then the Remix handler with the tenant in its load context.
import { randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import path from "node:path";
import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import compression from "compression";
import express, { type NextFunction, type Request, type Response } from "express";
import helmet from "helmet";
import type { Logger } from "pino";
import { pinoHttp } from "pino-http";
import type { Env } from "../app/lib/env.server.ts";
import type { RateLimits } from "../app/lib/rate-limit.server.ts";
import { routePatterns, type Metrics } from "../app/lib/metrics.server.ts";
import type { Registry } from "../app/modules/plugins/registry.server.ts";
import { buildHostMap, resolveHost, siteUrls } from "../app/lib/tenant.server.ts";
import type { Site, SiteUrls } from "../app/lib/tenant.ts";
import { ROOT } from "./db/migrate.ts";
import { plainPage } from "./plain-page.ts";
import { EMBED_PATH, embedAsset } from "../app/lib/sdk.server.ts";
import { bodyLimitsFromEnv } from "./body-limit.ts";
import { remixHandler } from "./remix-handler.ts";
import { answerDatabaseUnavailable } from "./unavailable.ts";
import { isDatabaseUnavailable } from "../app/lib/db-errors.ts";
import { corsByPath, isApiRequest, isFormSubmission, isSignInRequest, limitByIp, rejectCrossSiteMutations } from "./security.ts";

interface Locals {
  site: Site;
  /** The Host header the site was resolved from (name and port): the only host request.url is built from. */
  host: string;
  urls: SiteUrls;
  requestId: string;
  cspNonce: string;
}

/** pino-http's res.err (the error a response failed with, logged on its access line) holds an Error. */
const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));

const REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;

/** A path as logged: no query string (it can carry personal data), and no long opaque segments (signed tokens in paths, e.g. /feedback/:token). */
export function loggedPath(url: string): string {
  return url.split("?")[0]!.replace(/\/[A-Za-z0-9._~-]{40,}(?=\/|$)/g, "/…");
}

export function createApp({
  env,
  build,
  logger,
  limits,
  registry,
  metrics,
  mode = "production",
}: {
  env: Env;
  /** Remix's mode: "development" puts stack traces into error answers, so only `npm run dev` asks for it. */
  mode?: "development" | "production";
  build: ServerBuild | (() => Promise<ServerBuild>);
  logger: Logger;
  limits: RateLimits;
  registry: Registry;
  metrics?: Metrics;
}) {
  const hosts = buildHostMap(env);
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", env.TRUST_PROXY);

  app.use((req, res, next) => {
    // The host is the Host header, which the proxy passes on (nginx: proxy_set_header Host $host). A client's
    // X-Forwarded-Host would otherwise become req.hostname under "trust proxy", and Remix's request.url.
    delete req.headers["x-forwarded-host"];
    const incoming = req.get("x-request-id");
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.locals.requestId = requestId;
    res.setHeader("X-Request-Id", requestId);
    next();
  });

  if (metrics) {
    app.use(timeRequests(metrics, build, env.SLOW_REQUEST_MS));
    // Before the tenant: Prometheus scrapes by address, not by a brand's host name.
    app.get("/metrics", async (req, res) => {
      if (!mayReadMetrics(req, env.METRICS_TOKEN)) {
        res
          .status(403)
          .type("text/plain")
          .send("Forbidden: /metrics answers loopback, or a request with Authorization: Bearer <METRICS_TOKEN>.");
        return;
      }
      res
        .set("Content-Type", metrics.registry.contentType)
        .set("Cache-Control", "no-store")
        .send(await metrics.registry.metrics());
    });
  }

  app.use(
    pinoHttp({
      logger,
      genReqId: (_req, res) => (res as Response).locals.requestId as string,
      // Paths only: query strings can carry personal data.
      serializers: {
        req: (req: { id: string; method: string; url: string; headers: Record<string, string> }) => ({
          id: req.id,
          method: req.method,
          path: loggedPath(req.url),
          host: req.headers.host,
        }),
        res: (res: { statusCode: number }) => ({ status: res.statusCode }),
      },
      // A failed request is one line at error level: the access line, with the error the app or the error
      // handler below put on res.err (never a separate plain stack on stderr).
      customLogLevel: (_req, res, error) => (error || res.err || res.statusCode >= 500 ? "error" : "info"),
      customErrorMessage: (_req, res, error) =>
        res.err ? `request failed: ${error.message}` : `request failed with status ${res.statusCode}`,
      customErrorObject: (_req, res, _error, value: Record<string, unknown>) => {
        // A 5xx answered on purpose (the health check's 503) has no error: pino-http's stand-in has only its own stack.
        if (res.err) return value;
        const { err: _standIn, ...rest } = value;
        return rest;
      },
    }),
  );

  // The tenant is resolved here, once; nothing past this point runs for an unknown or malformed host.
  app.use((req, res, next) => {
    const resolved = resolveHost(req.get("host"), hosts);
    if (resolved.kind === "malformed") {
      res
        .status(400)
        .type("html")
        .send(plainPage("400", "Bad request", "不正なリクエストです", "The Host header of this request is missing or malformed."));
      return;
    }
    if (resolved.kind === "unknown") {
      res
        .status(404)
        .type("html")
        .send(plainPage("404", "Unknown site", "不明なサイトです", `No site is configured for the host “${resolved.hostname}”.`));
      return;
    }
    // The app reads the client address from here (set from req.ip, so TRUST_PROXY decides), never from the client.
    req.headers["x-kizuna-client-ip"] = req.ip ?? "";
    res.locals.site = resolved.site;
    res.locals.host = resolved.port ? `${resolved.hostname}:${resolved.port}` : resolved.hostname;
    res.locals.urls = siteUrls(env, resolved);
    res.locals.cspNonce = randomBytes(16).toString("base64");
    next();
  });

  app.use(refuseNulInAddress);

  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce as string}'`],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", "data:"],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          baseUri: ["'self'"],
          objectSrc: ["'none'"],
          // Keyed on how the sites are reached, not on NODE_ENV: `npm start` serves production mode over plain http.
          upgradeInsecureRequests: env.PUBLIC_SCHEME === "https" ? [] : null,
        },
      },
      strictTransportSecurity: env.PUBLIC_SCHEME === "https",
      crossOriginEmbedderPolicy: false,
      // Not helmet's no-referrer: under it a browser posts a form to its own site with Origin: null, and the
      // cross-site check could only go by Sec-Fetch-Site. Other sites still get no referrer.
      referrerPolicy: { policy: "same-origin" },
    }),
  );
  app.use(compression());

  // Every path-based decision from here on is taken on edgePath (decoded, case-folded), the path Remix routes.
  app.use(corsByPath(env));
  app.use(rejectCrossSiteMutations());
  app.use(limitByIp(limits, "apiByIp", (req) => isApiRequest(req) || isFormSubmission(req)));
  app.use(limitByIp(limits, "signInByIp", isSignInRequest));

  // The embed script: versioned, immutable, loadable from any page (with its SRI hash, see the admin).
  app.get(EMBED_PATH, (_req, res) => {
    const asset = embedAsset();
    if (!asset) {
      res.status(404).type("text/plain").send("The SDK is not built: run npm run build.");
      return;
    }
    res.set({
      "Content-Type": "text/javascript; charset=utf-8",
      "Cache-Control": "public, max-age=31536000, immutable",
      "Cross-Origin-Resource-Policy": "cross-origin",
      "Access-Control-Allow-Origin": "*",
      ETag: `"${asset.integrity}"`,
    });
    res.send(asset.body);
  });

  const publicDir = path.join(ROOT, "public");
  app.use("/build", express.static(path.join(publicDir, "build"), { immutable: true, maxAge: "1y", index: false }));
  app.use(express.static(publicDir, { maxAge: "1h", index: false }));

  app.all(
    "*",
    remixHandler({
      build,
      mode,
      bodyLimits: bodyLimitsFromEnv(env),
      getLoadContext: (req, res): AppLoadContext => {
        const locals = res.locals as Locals;
        const failed = (error: unknown) => void (res.err ??= asError(error));
        return {
          site: locals.site,
          urls: locals.urls,
          requestId: locals.requestId,
          cspNonce: locals.cspNonce,
          limits,
          registry,
          logger: req.log,
          metrics,
          failed,
        };
      },
    }),
  );

  // Errors outside Remix (which renders its own boundaries) end here: logged, never a stack trace for the user.
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (res.headersSent) {
      // Still streaming: the access line, written when the response ends, carries the error.
      if (res.writableEnded) req.log.error({ err: error }, "request failed after its response");
      else res.err ??= asError(error);
      return;
    }
    // Express and its middleware mark the client's own mistakes (e.g. a path with a broken %-escape) with a 4xx.
    const status = clientErrorStatus(error);
    if (status) {
      req.log.warn({ status, message: (error as Error).message }, "bad request");
      if (isApiRequest(req)) {
        res.status(status).json({ error: { code: "invalid_request", message: "The request's address or body could not be read." } });
      } else {
        res
          .status(status)
          .type("html")
          .send(plainPage(String(status), "Bad request", "不正なリクエストです", "The address or body of this request could not be read."));
      }
      return;
    }
    res.err ??= asError(error);
    if (isDatabaseUnavailable(error)) return answerDatabaseUnavailable(req, res);
    res
      .status(500)
      .type("html")
      .send(plainPage("500", "Something went wrong", "エラーが発生しました", `Request id: ${res.locals.requestId as string}`));
  });

  return app;
}

/** The 4xx an error from Express or a body parser carries (http-errors' status/statusCode), else null. */
function clientErrorStatus(error: unknown): number | null {
  if (typeof error !== "object" || error === null) return null;
  const status = (error as { status?: unknown; statusCode?: unknown }).status ?? (error as { statusCode?: unknown }).statusCode;
  return typeof status === "number" && status >= 400 && status < 500 ? status : null;
}

/**
 * A NUL (%00) in the address cannot be stored or searched in PostgreSQL text: refused with 400 naming the
 * parameter, as JSON for the API and as a page elsewhere (JSON bodies and the lead and inquiry forms are checked
 * by their own validation).
 */
export function refuseNulInAddress(req: Request, res: Response, next: NextFunction) {
  if (!/%00|\0/i.test(req.originalUrl)) return next();
  const query = new URLSearchParams(req.originalUrl.split("?")[1] ?? "");
  const field = [...query].find(([key, value]) => `${key}${value}`.includes("\0"))?.[0]?.replaceAll("\0", "%00") ?? "path";
  const english = req.acceptsLanguages("ja", "en") === "en";
  const message = english ? `${field} contains a NUL character (%00), which cannot be used.` : `${field} に NUL 文字（%00）は使えません。`;
  if (isApiRequest(req)) {
    res.status(400).json({ error: { code: "invalid_request", message, fields: { [field]: [message] } } });
    return;
  }
  res
    .status(400)
    .type("html")
    .send(plainPage("400", "Bad request", "不正なリクエストです", `${field} contains a NUL character (%00), which cannot be used.`));
}

/** Times every request: a histogram by route pattern and status, and a warning (and a count) past the slow mark. */
function timeRequests(metrics: Metrics, build: ServerBuild | (() => Promise<ServerBuild>), slowMs: number) {
  let patternOf: ((pathname: string) => string) | undefined;
  const ready = (typeof build === "function" ? build() : Promise.resolve(build)).then((b) => (patternOf = routePatterns(b)));
  ready.catch(() => undefined); // a build that fails to load fails the server elsewhere, loudly
  const label = (pathname: string) => {
    if (pathname === "/metrics" || pathname === EMBED_PATH) return pathname;
    if (pathname.startsWith("/build/")) return "/build/*";
    return patternOf?.(pathname) ?? "unmatched";
  };
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    res.on("finish", () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = label(req.path);
      metrics.requestDuration.observe({ method: req.method, route, status: String(res.statusCode) }, seconds);
      if (seconds * 1000 > slowMs) {
        metrics.slowRequests.inc({ method: req.method, route });
        // Pattern, not path: no ids or personal data in the log line.
        (req.log ?? console).warn({ method: req.method, route, status: res.statusCode, ms: Math.round(seconds * 1000) }, "slow request");
      }
    });
    next();
  };
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/** Loopback without a proxy in between (a proxy on this machine forwards others' requests), or the token. */
function mayReadMetrics(req: Request, token: string | undefined): boolean {
  const auth = req.get("authorization");
  if (token && auth) {
    const given = Buffer.from(auth.replace(/^Bearer\s+/i, ""));
    const wanted = Buffer.from(token);
    return given.length === wanted.length && timingSafeEqual(given, wanted);
  }
  return LOOPBACK.test(req.socket.remoteAddress ?? "") && !req.get("x-forwarded-for") && !req.get("forwarded");
}
