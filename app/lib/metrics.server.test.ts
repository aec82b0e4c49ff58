// The request metrics' route label matches what React Router itself would match, for every route of the build.
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { matchRoutes } from "@remix-run/react";
import { describe, expect, it } from "vitest";
import { routePatterns } from "./metrics.server";

const build = (await import(pathToFileURL(path.resolve(import.meta.dirname, "../../build/index.js")).href)) as ServerBuild;

/** The label as React Router's matchRoutes gives it (what the compiled matcher replaces on the hot path). */
function byMatchRoutes(pathname: string): string {
  type RouteObject = Parameters<typeof matchRoutes>[0][number];
  const tree = (parentId?: string): RouteObject[] =>
    Object.values(build.routes)
      .filter((route) => route.parentId === parentId)
      .map(
        (route) =>
          ({ id: route.id, path: route.path, index: route.index, children: route.index ? undefined : tree(route.id) }) as RouteObject,
      );
  const matches = matchRoutes(tree(undefined), pathname);
  if (!matches?.length) return "unmatched";
  return `/${matches
    .map((m) => m.route.path)
    .filter(Boolean)
    .join("/")}`.replace(/\/+/g, "/");
}

describe("routePatterns", () => {
  const patternOf = routePatterns(build);
  // Every route's own path with its params filled in, and the shapes that trip matchers up.
  const id = "0196b5a4-0000-7000-8000-000000000000";
  const fromManifest = Object.values(build.routes).map((route) => {
    const parts: string[] = [];
    for (let r: typeof route | undefined = route; r; r = r.parentId ? build.routes[r.parentId] : undefined)
      if (r.path) parts.unshift(r.path);
    return `/${parts.join("/")}`
      .replace(/:[\w-]+/g, id)
      .replace(/\*/, "anything/else")
      .replace(/\/+/g, "/");
  });
  const extra = [
    "/",
    "/admin/",
    "/ADMIN/Leads",
    `/admin/leads/${id}/`,
    "/no/such/page",
    "/content/a.b",
    "/api/leads//",
    "/sitemap.xml",
    "/downloads/x",
  ];

  it.each([...new Set([...fromManifest, ...extra])])("labels %s as React Router matches it", (pathname) => {
    expect(patternOf(pathname)).toBe(byMatchRoutes(pathname));
  });

  it("never puts an id in a label", () => {
    expect(patternOf(`/admin/leads/${id}`)).toBe("/admin/leads/:id");
  });
});
