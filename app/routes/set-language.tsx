// POST /set-language: remembers the chosen language in the `lng` cookie and returns to the page it came from.
import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { isLanguage, LANGUAGES } from "~/lib/i18n";
import { languageCookieHeader } from "~/lib/i18n.server";
import { jsonError, safeRedirectPath } from "~/lib/http";

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const lng = form.get("lng");
  if (!isLanguage(lng)) {
    const message = `lng must be one of ${LANGUAGES.join(", ")}`;
    return jsonError(400, "invalid_input", message, { lng: [message] });
  }
  return redirect(safeRedirectPath(form.get("redirectTo")), { headers: { "Set-Cookie": languageCookieHeader(lng) } });
}

export function loader() {
  return redirect("/");
}
