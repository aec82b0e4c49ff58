// patches/@remix-run+router+1.23.3.patch: the server's router keeps ranked route branches per route array.
// An upgrade of @remix-run/router that leaves the patch behind fails install (patch-package --error-on-fail);
// this checks the server really loads the patched build, and that matching with the cache stays right.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type * as RemixRouter from "@remix-run/router";
import { describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
const router = require("@remix-run/router") as typeof RemixRouter;

describe("the patched Remix router", () => {
  it("is the build the server loads", () => {
    expect(readFileSync(require.resolve("@remix-run/router"), "utf8")).toContain("function rankedBranches(routes)");
  });

  it("matches as before, however often the same routes are matched", () => {
    const routes = [
      { id: "lead", path: "/api/leads/:id/status" },
      { id: "leads", path: "/api/leads" },
      { id: "files", path: "/files/*" },
      {
        id: "root",
        path: "/",
        children: [
          { id: "home", index: true },
          { id: "content", path: "content/:slug?" },
        ],
      },
    ];
    for (let round = 0; round < 3; round++) {
      expect(router.matchRoutes(routes, "/api/leads/42/status")?.map((m) => [m.route.id, m.params])).toEqual([["lead", { id: "42" }]]);
      expect(router.matchRoutes(routes, "/API/LEADS")?.map((m) => m.route.id)).toEqual(["leads"]);
      expect(router.matchRoutes(routes, "/files/a/b")?.[0]?.params).toEqual({ "*": "a/b" });
      expect(router.matchRoutes(routes, "/content")?.map((m) => m.route.id)).toEqual(["root", "content"]);
      expect(router.matchRoutes(routes, "/")?.map((m) => m.route.id)).toEqual(["root", "home"]);
      expect(router.matchRoutes(routes, "/nowhere")).toBeNull();
    }
    // Another route array (a rebuilt app in development) is matched on its own routes.
    expect(router.matchRoutes([{ id: "other", path: "/api/leads" }], "/api/leads")?.[0]?.route.id).toBe("other");
  });
});
