import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseEnvFile, render } from "./render.mjs";
import { markUpstream } from "./upstream.mjs";

const template = readFileSync(path.join(import.meta.dirname, "nginx/kizuna.conf.template"), "utf8");
const example = parseEnvFile(readFileSync(path.join(import.meta.dirname, "deploy.env.example"), "utf8"));
const site = render(template, example);
/** The upstream's server lines, without its comments. */
const upstream = (text: string) =>
  /upstream kizuna_app \{([^}]*)\}/
    .exec(text)![1]!
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#"))
    .join("\n");

describe("markUpstream", () => {
  it("marks only the instance on that port down, and puts it back as it was", () => {
    const down = markUpstream(site, 3001, true);
    expect(upstream(down)).toBe(
      "server 127.0.0.1:3001 max_fails=1 fail_timeout=2s down; server 127.0.0.1:3002 max_fails=1 fail_timeout=2s;",
    );
    expect(down.replace(/upstream kizuna_app \{[^}]*\}/, "")).toBe(site.replace(/upstream kizuna_app \{[^}]*\}/, ""));
    expect(markUpstream(down, 3001, false)).toBe(site);
  });

  it("is idempotent both ways", () => {
    const down = markUpstream(site, 3002, true);
    expect(markUpstream(down, 3002, true)).toBe(down);
    expect(markUpstream(site, 3002, false)).toBe(site);
  });

  it("refuses a port with no server line, or a file without the upstream, rather than reloading nginx unchanged", () => {
    expect(() => markUpstream(site, 3003, true)).toThrow(/0 upstream servers on port 3003/);
    expect(() => markUpstream(site, 300, true)).toThrow(/0 upstream servers on port 300\b/);
    expect(() => markUpstream("server { listen 80; }", 3001, true)).toThrow(/no `upstream kizuna_app/);
  });

  it("works on one server per line, as an operator may write them, and leaves comments alone", () => {
    const text =
      "upstream kizuna_app {\n    # server 127.0.0.1:3002;\n    server 127.0.0.1:3001;\n    server 127.0.0.1:3002 weight=2;\n}\n";
    expect(markUpstream(text, 3002, true)).toBe(
      "upstream kizuna_app {\n    # server 127.0.0.1:3002;\n    server 127.0.0.1:3001;\n    server 127.0.0.1:3002 weight=2 down;\n}\n",
    );
  });
});
