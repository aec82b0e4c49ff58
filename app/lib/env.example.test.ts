// .env.example documents every variable the configuration schema reads, and nothing it does not.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EnvSchema } from "./env.server.ts";

describe(".env.example", () => {
  it("lists exactly the variables of EnvSchema", async () => {
    const text = await readFile(path.resolve(import.meta.dirname, "../../.env.example"), "utf8");
    const documented = [...text.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]).sort();
    const schema = Object.keys(EnvSchema.shape).sort();
    expect(documented).toEqual(schema);
  });
});
