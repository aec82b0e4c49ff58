import { parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { dispatchIntent, orThrow, replyFailure, toApiError } from "./result.server.ts";
import { fail, FAILURE_STATUS, fieldMessages, ok, statusOf } from "./result.ts";

const request = (language = "en") => new Request("http://admin.localhost/x", { headers: { "accept-language": language } });

describe("Result", () => {
  it("spreads a success's value beside ok", () => {
    expect(ok({ id: "a" })).toEqual({ ok: true, id: "a" });
    expect(ok()).toEqual({ ok: true });
  });

  it("gives every kind exactly one status", () => {
    expect(statusOf(fail("invalid", "x"))).toBe(422);
    expect(statusOf(fail("precondition_failed", "x"))).toBe(412);
    expect(new Set(Object.values(FAILURE_STATUS)).size).toBe(Object.keys(FAILURE_STATUS).length);
  });

  it("puts the message under its field, beside other fields' messages", () => {
    expect(fieldMessages(fail("conflict", "errors.taken", { field: "slug", fields: { title: ["errors.required"] } }))).toEqual({
      title: ["errors.required"],
      slug: ["errors.taken"],
    });
    expect(fieldMessages(fail("conflict", "errors.taken"))).toEqual({});
  });
});

describe("toApiError", () => {
  it("answers the API shape with the kind's status, the known code and translated messages", async () => {
    const response = await toApiError(request(), fail("invalid", "errors.tooLong:80", { field: "name" }));
    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({
      error: { code: "invalid_request", message: "Use at most 80 characters", fields: { name: ["Use at most 80 characters"] } },
    });
  });

  it("keeps a finer code and leaves out fields when there are none", async () => {
    const response = await toApiError(request("ja"), fail("conflict", "api.preconditionFailed", { code: "sold_out" }));
    expect(response.status).toBe(409);
    const body = (await response.json()) as { error: Record<string, unknown> };
    expect(body.error.code).toBe("sold_out");
    expect(body.error).not.toHaveProperty("fields");
  });
});

describe("replyFailure", () => {
  const Schema = z.object({ name: z.string() });
  const submission = () => {
    const form = new FormData();
    form.set("name", "Ada");
    return parseWithZod(form, { schema: Schema });
  };

  it("shows a field's failure beside the field, with the kind's status", async () => {
    const reply = replyFailure(submission(), fail("conflict", "errors.taken", { field: "name" }), { intent: "edit" });
    expect(reply.init?.status).toBe(409);
    expect(reply.data).toMatchObject({ intent: "edit", ok: false, result: { error: { name: ["errors.taken"] } } });
  });

  it("shows a failure without a field as the form's error", () => {
    const reply = replyFailure(submission(), fail("upstream", "errors.mailFailed"));
    expect(reply.init?.status).toBe(502);
    expect(reply.data.result.error).toEqual({ "": ["errors.mailFailed"] });
  });

  it("throws a missing record as a 404 page", () => {
    let thrown: unknown;
    try {
      replyFailure(submission(), fail("not_found", "errors.notFound"));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(404);
  });
});

describe("dispatchIntent", () => {
  const form = (intent?: string) => {
    const data = new FormData();
    if (intent !== undefined) data.set("intent", intent);
    return data;
  };

  it("runs the handler the intent names", async () => {
    expect(await dispatchIntent(request(), form("b"), { a: () => "A", b: (_, intent) => `ran ${intent}` })).toBe("ran b");
  });

  it.each([undefined, "", "toString", "constructor", "c"])("refuses the intent %j with 400 naming the field", async (intent) => {
    const error = await dispatchIntent(request(), form(intent), { a: () => "A" }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(Response);
    expect((error as Response).status).toBe(400);
    expect(await (error as Response).json()).toMatchObject({
      error: { code: "invalid_request", fields: { intent: [expect.any(String)] } },
    });
  });
});

describe("orThrow", () => {
  it("passes a success and throws a failure as its status", () => {
    expect(orThrow(ok({ id: "a" })).id).toBe("a");
    let thrown: unknown;
    try {
      orThrow(fail("conflict", "errors.taken"));
    } catch (error) {
      thrown = error;
    }
    expect((thrown as Response).status).toBe(409);
  });
});
