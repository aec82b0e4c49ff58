import { describe, expect, it } from "vitest";
import { ACTIONS, can, canUseAdmin, RESOURCES } from "./permissions.ts";

describe("the spec's permission table", () => {
  it("lets ADMIN do everything", () => {
    for (const resource of RESOURCES) for (const action of ACTIONS) expect(can("ADMIN", resource, action)).toBe(true);
  });

  it("lets MANAGER read and update leads and create, read and update projects, and nothing more", () => {
    const allowed = RESOURCES.flatMap((r) => ACTIONS.filter((a) => can("MANAGER", r, a)).map((a) => `${r}:${a}`));
    expect(allowed).toEqual([
      "leads:read",
      "leads:update",
      "projects:create",
      "projects:read",
      "projects:update",
      "own_data:read",
      "own_data:update",
    ]);
  });

  it("lets SUPPORT read and update inquiries and read users", () => {
    const allowed = RESOURCES.flatMap((r) => ACTIONS.filter((a) => can("SUPPORT", r, a)).map((a) => `${r}:${a}`));
    expect(allowed).toEqual(["inquiries:read", "inquiries:update", "users:read", "own_data:read", "own_data:update"]);
  });

  it("lets USER manage only their own data", () => {
    expect(can("USER", "own_data", "update")).toBe(true);
    expect(can("USER", "leads", "read")).toBe(false);
    expect(can("USER", "own_data", "delete")).toBe(false);
  });

  it("closes the admin host to USER only", () => {
    expect([canUseAdmin("ADMIN"), canUseAdmin("MANAGER"), canUseAdmin("SUPPORT"), canUseAdmin("USER")]).toEqual([true, true, true, false]);
  });
});
