// Reads the mails the server wrote to its outbox directory (no SMTP configured in tests).
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

/** Undoes quoted-printable soft line breaks and =3D, enough to find codes and links. */
function unfold(raw: string): string {
  return raw.replace(/=\r?\n/g, "").replace(/=3D/g, "=");
}

export async function latestMailTo(outbox: string, to: string): Promise<string> {
  const files = (await readdir(outbox)).filter((file) => file.endsWith(".eml")).sort().reverse();
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
