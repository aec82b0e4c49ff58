// Reads the mails the server wrote to its outbox directory (no SMTP configured in tests).
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

/** Decodes RFC 2047 words in the headers, and the body when it is quoted-printable (soft breaks, =XX as UTF-8). */
function unfold(raw: string): string {
  const split = raw.search(/\r?\n\r?\n/);
  const [head, body] = split < 0 ? [raw, ""] : [raw.slice(0, split), raw.slice(split)];
  const headers = head.replace(/=\?UTF-8\?([BQ])\?([^?]*)\?=\s*/gi, (_, kind: string, text: string) =>
    kind.toUpperCase() === "B" ? Buffer.from(text, "base64").toString("utf8") : qp(text.replace(/_/g, " ")),
  );
  return headers + (/^Content-Transfer-Encoding:\s*quoted-printable/im.test(head) ? qp(body.replace(/=\r?\n/g, "")) : body);
}

function qp(text: string): string {
  return text.replace(/(?:=[0-9A-F]{2})+/g, (run) => Buffer.from(run.replace(/=/g, ""), "hex").toString("utf8"));
}

export async function latestMailTo(outbox: string, to: string): Promise<string> {
  const files = (await readdir(outbox))
    .filter((file) => file.endsWith(".eml"))
    .sort()
    .reverse();
  for (const file of files) {
    const text = await readFile(path.join(outbox, file), "utf8");
    if (text.includes(`To: ${to}`)) return unfold(text);
  }
  throw new Error(`no mail to ${to} in ${outbox}`);
}

export function signInCode(mail: string): string {
  const code = /\b(\d{6})\b/.exec(mail)?.[1];
  if (!code) throw new Error(`no sign-in code in:\n${mail}`);
  return code;
}
