// Server rendering: streams HTML (complete documents for bots), with the request's language's i18next instance
// and the CSP nonce on every script Remix writes.
import { PassThrough } from "node:stream";
import { createReadableStreamFromReadable, type AppLoadContext, type EntryContext, type HandleErrorFunction } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { createInstance, type i18n as I18n } from "i18next";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { isDatabaseUnavailable } from "~/lib/db-errors";
import { i18nConfig } from "~/lib/i18n";
import { getLanguage } from "~/lib/i18n.server";

export const streamTimeout = 5_000;

// One i18next instance per language, made once: rendering only reads translations (the language changes
// only in the browser), so concurrent renders can share it — instead of building one per request.
const instances = new Map<string, Promise<I18n>>();
function i18nFor(lng: string): Promise<I18n> {
  let instance = instances.get(lng);
  if (!instance) {
    const created = createInstance();
    instance = created
      .use(initReactI18next)
      .init({ ...i18nConfig, lng })
      .then(() => created);
    instances.set(lng, instance);
  }
  return instance;
}

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const i18n = await i18nFor(await getLanguage(request));
  const nonce = loadContext.cspNonce;
  const readyEvent = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";

  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    // Stops a render still streaming after the time limit. Cleared when the response is done: a pending
    // timer would keep the whole render (stream, i18n instance, loaders' data) in memory for its full delay,
    // which under load is thousands of renders — over a gigabyte of heap at 500 pages/s.
    const abortTimer = setTimeout(() => abort(), streamTimeout + 1_000);
    const { pipe, abort } = renderToPipeableStream(
      <I18nextProvider i18n={i18n}>
        <RemixServer context={remixContext} url={request.url} abortDelay={streamTimeout} nonce={nonce} />
      </I18nextProvider>,
      {
        nonce,
        [readyEvent]() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          body.once("close", () => clearTimeout(abortTimer));
          resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        onShellError(error: unknown) {
          clearTimeout(abortTimer);
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Errors after the shell go on the request's log line; before it, onShellError rejects.
          if (shellRendered) loadContext.failed(error);
        },
      },
    );
  });
}

/**
 * Remix's own handler writes every error to stderr as a plain multi-line stack, without the request id. Ours
 * puts it on the request's JSON access line instead (see failed in the load context). A 4xx Remix answers
 * itself (no route matches, a method not allowed) is the client's: its access line says enough.
 * A database that is away is also noted on the load context, where the edge turns the 500 Remix answers into a
 * 503 (it cannot see the error itself).
 */
export const handleError: HandleErrorFunction = (error, { request, context }) => {
  if (request.signal.aborted) return;
  const cause = isRouteErrorResponse(error) ? ((error as { error?: unknown }).error ?? null) : error;
  // A database that is away turns the answer into a 503 (server/remix-handler.ts), not a 500.
  if (isDatabaseUnavailable(cause)) context.databaseUnavailable = true;
  if (isRouteErrorResponse(error)) {
    if (error.status < 500) return;
    context.failed(cause ?? new Error(`${error.status} ${error.statusText}`));
    return;
  }
  context.failed(error);
};
