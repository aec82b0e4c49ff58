// POST /set-language: remembers the chosen language in the `lng` cookie and returns to the page it came from.
import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { isLanguage, LANGUAGES } from "~/lib/i18n";
import { languageCookieHeader } from "~/lib/i18n.server";
import { jsonError, safeRedirectPath } from "~/lib/http";
import { rememberLanguage } from "~/modules/identity/account.server";
import { getSignedInUser } from "~/modules/identity/session.server";
import { readForm } from "~/lib/form.server";

export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const lng = form.get("lng");
  if (!isLanguage(lng)) {
    const message = `lng must be one of ${LANGUAGES.join(", ")}`;
    return jsonError(400, "invalid_input", message, { lng: [message] });
  }
  // Signed in: remembered on the profile too, for mail written outside a request (the daily report).
  const user = await getSignedInUser(request);
  if (user) await rememberLanguage({ userId: user.id, language: lng });
  return redirect(safeRedirectPath(form.get("redirectTo")), { headers: { "Set-Cookie": languageCookieHeader(lng) } });
}

export function loader() {
  return redirect("/");
}
