// Outgoing mail through nodemailer: SMTP when SMTP_URL is set, else an .eml file per message in OUTBOX_DIR
// (so sign-in codes and reports work on a machine with no mail server).
import { randomUUID } from "node:crypto";
import { access, constants, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import nodemailer, { type Transporter } from "nodemailer";
import { getEnv } from "./env.server.ts";

export interface Mail {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

export interface SentMail {
  messageId: string;
  /** Where the message was written when there is no SMTP server. */
  file?: string;
}

interface MailConfig {
  smtpUrl?: string;
  from: string;
  outboxDir: string;
}

let smtp: Transporter | undefined;

export async function sendMail(mail: Mail, config: MailConfig = fromEnv()): Promise<SentMail> {
  // Quoted-printable keeps codes and links readable in the raw message (e.g. an .eml opened in an editor).
  const message = {
    from: config.from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    textEncoding: "quoted-printable" as const,
  };
  if (config.smtpUrl) {
    smtp ??= nodemailer.createTransport(config.smtpUrl);
    const info = await smtp.sendMail(message);
    return { messageId: info.messageId };
  }
  const info = await nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" }).sendMail(message);
  await mkdir(config.outboxDir, { recursive: true });
  const file = path.join(config.outboxDir, `${new Date().toISOString().replace(/[:.]/g, "-")}-${randomUUID().slice(0, 8)}.eml`);
  await writeFile(file, info.message as Buffer);
  return { messageId: info.messageId, file };
}

/** Whether mail can go out: the SMTP server accepts us (EHLO + auth), or the outbox directory is writable. */
export async function verifyMail(timeoutMs: number, config: MailConfig = fromEnv()): Promise<{ via: "smtp" | "outbox" }> {
  if (config.smtpUrl) {
    const url = new URL(config.smtpUrl);
    for (const [key, value] of [
      ["connectionTimeout", timeoutMs],
      ["greetingTimeout", timeoutMs],
      ["socketTimeout", timeoutMs],
    ] as const)
      url.searchParams.set(key, String(value));
    const probe = nodemailer.createTransport(url.toString());
    try {
      await probe.verify();
    } finally {
      probe.close();
    }
    return { via: "smtp" };
  }
  await mkdir(config.outboxDir, { recursive: true });
  await access(config.outboxDir, constants.W_OK);
  return { via: "outbox" };
}

function fromEnv(): MailConfig {
  const env = getEnv();
  return { smtpUrl: env.SMTP_URL, from: env.MAIL_FROM, outboxDir: env.OUTBOX_DIR };
}
