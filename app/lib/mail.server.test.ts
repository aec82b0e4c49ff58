import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { sendMail } from "./mail.server.ts";

describe("sendMail without SMTP", () => {
  it("writes the message to the outbox as an .eml file a mail client can open", async () => {
    const outboxDir = await mkdtemp(path.join(tmpdir(), "outbox-"));
    const sent = await sendMail(
      { to: "aoba-fan@example.com", subject: "サインインコード", text: "Your code: 123456" },
      { from: "Kizuna <no-reply@kizuna.localhost>", outboxDir },
    );
    expect(sent.file).toMatch(/\.eml$/);
    const eml = await readFile(sent.file!, "utf8");
    expect(eml).toMatch(/^To: aoba-fan@example\.com$/m);
    expect(eml).toMatch(/^Subject: =\?UTF-8\?/m);
    expect(eml).toContain("Your code: 123456");
  });
});
