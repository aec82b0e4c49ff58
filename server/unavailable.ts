// The answer while the database is away (stopped, restarting, unreachable): 503 with Retry-After — JSON in the
// API's error shape for /api, a small page elsewhere — instead of a 500 that says nothing about trying again.
import type { Request, Response } from "express";
import { DATABASE_RETRY_AFTER_SECONDS } from "../app/lib/db-errors.ts";
import { plainPage } from "./plain-page.ts";
import { isApiRequest } from "./security.ts";

export function answerDatabaseUnavailable(req: Request, res: Response): void {
  res.set({ "Retry-After": String(DATABASE_RETRY_AFTER_SECONDS), "Cache-Control": "no-store" });
  res.status(503);
  if (isApiRequest(req)) {
    const english = req.acceptsLanguages("ja", "en") === "en";
    const message = english
      ? "The database is not reachable right now. Try again in a few seconds."
      : "現在データベースに接続できません。数秒後にもう一度お試しください。";
    res.json({ error: { code: "database_unavailable", message } });
    return;
  }
  res
    .type("html")
    .send(
      plainPage(
        "503",
        "Temporarily unavailable",
        "一時的にご利用いただけません",
        "The database is not reachable right now. Please try again in a few seconds.",
      ),
    );
}
