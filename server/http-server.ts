// The HTTP server around the Express app: its own limits for slow and idle clients, and a drain for SIGTERM that
// lets the requests in flight finish while a proxy in front already sends new ones elsewhere.
import http, { type Server, type ServerResponse } from "node:http";
import net from "node:net";
import type { Env } from "../app/lib/env.server.ts";

export interface HttpServer {
  server: Server;
  /**
   * Stops taking connections and lets the requests in flight finish, each answered with Connection: close so no
   * client sends another on it; after `graceMs` the rest are cut. Resolves when every connection is gone.
   */
  drain(graceMs: number): Promise<"drained" | "cut">;
}

type Limits = Pick<Env, "HTTP_HEADERS_TIMEOUT_MS" | "HTTP_REQUEST_TIMEOUT_MS" | "HTTP_KEEP_ALIVE_TIMEOUT_MS" | "HTTP_MAX_CONNECTIONS">;

export function createHttpServer(handler: http.RequestListener, env: Limits): HttpServer {
  let draining = false;
  const inFlight = new Set<ServerResponse>();
  const server = http.createServer(
    {
      headersTimeout: env.HTTP_HEADERS_TIMEOUT_MS,
      requestTimeout: env.HTTP_REQUEST_TIMEOUT_MS,
      keepAliveTimeout: env.HTTP_KEEP_ALIVE_TIMEOUT_MS,
      // How often Node looks for sockets past those limits (its default, 30 s, would let them linger).
      connectionsCheckingInterval: Math.min(1000, env.HTTP_HEADERS_TIMEOUT_MS),
    },
    (req, res) => {
      if (draining) {
        res.setHeader("Connection", "close");
      } else {
        inFlight.add(res);
        res.once("close", () => inFlight.delete(res));
      }
      handler(req, res);
    },
  );
  // Sockets past this are refused at once rather than queued behind the others.
  server.maxConnections = env.HTTP_MAX_CONNECTIONS;

  return {
    server,
    async drain(graceMs) {
      draining = true;
      for (const res of inFlight) if (!res.headersSent) res.setHeader("Connection", "close");
      // net.Server's close, not http.Server's: that one also drops every connection without a request in progress
      // at once, including one just accepted whose request is still on its way in (a proxy then gets a reset for a
      // request it already sent, and cannot retry a POST). Here the port closes, and idle keep-alive connections
      // are closed from a second on, by when any request sent before the close has arrived.
      const closed = new Promise<void>((resolve) => net.Server.prototype.close.call(server, () => resolve()));
      const sweep = setInterval(() => server.closeIdleConnections(), 1000);
      let outcome: "drained" | "cut" = "drained";
      const cut = setTimeout(() => {
        outcome = "cut";
        server.closeAllConnections();
      }, graceMs);
      await closed;
      clearInterval(sweep);
      clearTimeout(cut);
      return outcome;
    },
  };
}
