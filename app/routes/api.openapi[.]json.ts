// GET /api/openapi.json: the OpenAPI 3.1 description of the JSON API (public: it describes, it grants nothing).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { buildOpenApi } from "~/modules/api/openapi";

let cached: string | undefined;

export async function loader({ context }: LoaderFunctionArgs) {
  cached ??= JSON.stringify(buildOpenApi());
  return new Response(cached, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Cache-Control": "public, max-age=300",
      "X-Request-Id": context.requestId,
    },
  });
}
