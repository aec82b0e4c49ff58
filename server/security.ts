// Edge protection before Remix: CORS for the API (exactly the configured brand origins), a cross-origin check
// for cookie-authenticated mutations (CSRF), and rate limits on the API and sign-in by client address.
import cors from "cors";
import type { NextFunction, Request, RequestHandler, Response } from "express";
import type { Env } from "../app/lib/env.server.ts";
import type { RateLimits, RuleName } from "../app/lib/rate-limit.server.ts";
import { edgePath, isUnder } from "./edge-path.ts";

const LOCAL = /(^|\.)localhost$|^127\.0\.0\.1$/;

/**
 * An origin is ours when its host is one of the configured brand or admin hosts, with the configured scheme
 * (any port on *.localhost, where the port is whatever the developer chose).
 */
export function isOwnOrigin(
  origin: string,
  env: Pick<Env, "YUYA_HOSTS" | "AOBA_HOSTS" | "ADMIN_HOSTS" | "PUBLIC_SCHEME" | "PORT">,
): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.origin !== origin) return false; // paths, credentials or a trailing slash: not an Origin header
  const hosts = [...env.YUYA_HOSTS, ...env.AOBA_HOSTS, ...env.ADMIN_HOSTS];
  if (!hosts.includes(url.hostname)) return false;
  if (LOCAL.test(url.hostname)) return url.protocol === "http:" || url.protocol === "https:";
  return url.protocol === `${env.PUBLIC_SCHEME}:` && (url.port === "" || url.port === String(env.PORT));
}

export function apiCors(env: Env): RequestHandler {
  return cors({
    origin: (origin, done) => done(null, origin ? isOwnOrigin(origin, env) : false),
    methods: ["GET", "POST", "PUT", "DELETE"],
    allowedHeaders: ["Content-Type", "Authorization", "Idempotency-Key", "X-Request-Id"],
    exposedHeaders: ["X-Request-Id", "Retry-After", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"],
    credentials: true,
    maxAge: 600,
  });
}

/** CORS on the canonical path: the embed's for /api/embed/*, the brand origins' for the rest of /api. */
export function corsByPath(env: Env): RequestHandler {
  const api = apiCors(env);
  const embed = embedCors();
  return (req, res, next) => {
    if (isUnder(req, "/api/embed")) return embed(req, res, next);
    if (isUnder(req, "/api")) return api(req, res, next);
    next();
  };
}

/**
 * CORS for the embeddable form (/api/embed/*): any origin may ask, without credentials, so the form can read
 * a refusal; which origins may actually submit is the embed key's list, checked by the route.
 */
export function embedCors(): RequestHandler {
  return (req, res, next) => {
    const origin = req.get("origin");
    res.vary("Origin");
    if (origin) {
      res.set("Access-Control-Allow-Origin", origin);
      res.set("Access-Control-Expose-Headers", "X-Request-Id, Retry-After, Idempotent-Replayed");
    }
    if (req.method !== "OPTIONS") return next();
    res.set({
      "Access-Control-Allow-Methods": "POST",
      "Access-Control-Allow-Headers": "Content-Type, X-Kizuna-Key, Idempotency-Key",
      "Access-Control-Max-Age": "600",
    });
    res.status(204).end();
  };
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const SESSION_COOKIE = /(?:^|;\s*)__kizuna=/;

/**
 * A browser sends our session cookie along with a form or fetch from another site in some cases (top-level
 * POST navigations in older browsers, sibling hosts). Mutations that carry the cookie must come from the
 * same origin as the request: checked with Origin, else Sec-Fetch-Site.
 */
export function rejectCrossSiteMutations(): RequestHandler {
  return (req, res, next) => {
    if (SAFE_METHODS.has(req.method) || !SESSION_COOKIE.test(req.get("cookie") ?? "")) return next();
    const origin = req.get("origin");
    // "null" is an origin the browser keeps to itself (a referrer policy of no-referrer, a sandboxed frame):
    // then only the browser's own Sec-Fetch-Site can say the request came from this site.
    const sameOrigin =
      origin === "null"
        ? req.get("sec-fetch-site") === "same-origin"
        : origin
          ? sameHost(origin, req.get("host"))
          : req.get("sec-fetch-site") !== "cross-site";
    if (sameOrigin) return next();
    req.log?.warn({ origin, path: req.path }, "refused a cross-site request carrying the session cookie");
    sendError(res, 403, "cross_site_request", "This request came from another site and was refused.");
  };
}

function sameHost(origin: string, host: string | undefined): boolean {
  try {
    return new URL(origin).host === host?.toLowerCase();
  } catch {
    return false;
  }
}

/** Limits requests whose path matches, by client address. */
export function limitByIp(limits: RateLimits, rule: RuleName, applies: (req: Request) => boolean): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!applies(req)) return next();
    limits.consume(rule, req.ip ?? "unknown").then((result) => {
      res.set(result.headers);
      if (result.allowed) return next();
      req.log?.warn({ rule, path: edgePath(req) }, "rate limit reached");
      sendError(res, 429, "rate_limited", `Too many requests. Try again in ${result.retryAfter} s.`);
    }, next);
  };
}

/** A sign-in attempt: POST /login or /auth/*, however the path is spelled (see edgePath). */
export function isSignInRequest(req: Request): boolean {
  return req.method === "POST" && (edgePath(req) === "/login" || isUnder(req, "/auth"));
}

/** A public form post (the contact form, as a document POST or Remix's single-fetch `.data` request). */
export function isFormSubmission(req: Request): boolean {
  return req.method === "POST" && edgePath(req) === "/contact";
}

/** A request to the JSON API (/api/*), however the path is spelled. */
export function isApiRequest(req: Request): boolean {
  return isUnder(req, "/api");
}

export function sendError(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message } });
}
