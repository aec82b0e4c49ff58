// Email sign-in: a six-digit code and a magic link carrying it, mailed to the address. The browser that asked
// keeps which code it asked for in its cookie (so the link works in that browser only); the code itself is
// checked, counted and used up in PostgreSQL (sign-in-codes.server.ts).
import { redirect, type AppLoadContext, type Session } from "@remix-run/node";
import { z } from "zod";
import { normalizeEmail } from "~/lib/crypto.server";
import { isUuid } from "~/lib/http";
import { sendMail } from "~/lib/mail.server";
import { siteOrigin } from "~/lib/site.server";
import { completeSignIn } from "./auth.server.ts";
import { addressLocked, issueSignInCode, redeemSignInCode } from "./sign-in-codes.server.ts";
import { getCookieSession, getSessionStorage, getSignedInUser } from "./session.server.ts";

/** Where the sign-in pages find the address and the code this browser asked for, and the error to show. */
const PENDING_EMAIL = "auth:email";
const PENDING_CODE = "auth:code";
const ERROR = "auth:error";
/** remix-auth's key for a completed sign-in (session.server.ts reads `{ sid }` from it). */
const SIGNED_IN = "user";

export const MAGIC_LINK_PATH = "/auth/email/verify";

const EmailSchema = z.email().max(254);

async function failWith(session: Session, message: string, to: string, headers: Record<string, string> = {}): Promise<Response> {
  session.flash(ERROR, { message });
  return redirect(to, { headers: { ...headers, "Set-Cookie": await getSessionStorage().commitSession(session) } });
}

/** POST /auth/email with an address: mails a new code and link, and sends the browser on to /login/code. */
export async function startEmailSignIn({
  request,
  context,
  form,
}: {
  request: Request;
  context: AppLoadContext;
  form: FormData;
}): Promise<Response> {
  const session = await getCookieSession(request);
  const raw = form.get("email");
  if (typeof raw !== "string" || !raw.trim()) return failWith(session, "login.errors.emailRequired", "/login");
  const parsed = EmailSchema.safeParse(raw.trim());
  if (!parsed.success) return failWith(session, "login.errors.emailInvalid", "/login");
  const email = normalizeEmail(parsed.data);
  // No code is mailed that could not work anyway.
  if (await addressLocked(email)) return failWith(session, "login.errors.codeLocked", "/login");

  const { id, code } = await issueSignInCode(email);
  const magicLink = `${siteOrigin(context)}${MAGIC_LINK_PATH}?${new URLSearchParams({ code })}`;
  await sendMail(signInMail(email, code, magicLink, form.get("lng") === "en" ? "en" : "ja"));
  session.set(PENDING_EMAIL, email);
  session.set(PENDING_CODE, id);
  session.unset(ERROR);
  return redirect("/login/code", { headers: { "Set-Cookie": await getSessionStorage().commitSession(session) } });
}

/**
 * The code typed in (`via: "form"`) or from the magic link (`via: "link"`) against the code this browser asked
 * for. Right: a new `sessions` row and on to /auth/done. Wrong: back to the code form while the code lives.
 */
export async function finishEmailSignIn({
  request,
  context,
  code,
  via,
}: {
  request: Request;
  context: AppLoadContext;
  code: string;
  via: "form" | "link";
}): Promise<Response> {
  const session = await getCookieSession(request);
  const email: unknown = session.get(PENDING_EMAIL);
  const id: unknown = session.get(PENDING_CODE);
  if (typeof email !== "string" || !isUuid(id)) {
    // A link opened again after signing in: nothing to do.
    if (await getSignedInUser(request)) return redirect("/");
    return failWith(session, "login.errors.codeExpired", "/login");
  }

  const check = await redeemSignInCode({ id, email, code: code.trim() });
  if (!check.ok) {
    const retry = check.code === "invalid" && via === "form";
    return failWith(session, check.message, retry ? "/login/code" : "/login");
  }
  const { sid } = await completeSignIn({ provider: "email", providerAccountId: email, email, emailVerified: true }, request, context);
  session.unset(PENDING_EMAIL);
  session.unset(PENDING_CODE);
  session.unset(ERROR);
  session.set(SIGNED_IN, { sid });
  return redirect("/auth/done", { headers: { "Set-Cookie": await getSessionStorage().commitSession(session) } });
}

export function signInMail(to: string, code: string, magicLink: string, lang: "ja" | "en") {
  return lang === "en"
    ? {
        to,
        subject: `Your Kizuna sign-in code: ${code}`,
        text: `Your sign-in code is ${code}\n\nOr open this link to sign in:\n${magicLink}\n\nThe code expires in 10 minutes. If you did not ask for it, ignore this mail.`,
      }
    : {
        to,
        subject: `サインインコード: ${code}`,
        text: `サインインコードは ${code} です。\n\n次のリンクからもサインインできます:\n${magicLink}\n\nコードの有効期限は10分です。心当たりがない場合はこのメールを破棄してください。`,
      };
}
