// A local stand-in for an OpenAI-compatible API: GET /v1/models with a bearer key, answering as OpenAI does
// (a list object, or an error object with 401 for a wrong key). `failWith` makes it answer an error status.
// Loopback only; close() stops it.
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface AiStandIn {
  baseUrl: string;
  key: string;
  requests: { path: string; authorization?: string }[];
  failWith: number | null;
  close(): Promise<void>;
}

export async function startAiStandIn(key = "sk-standin-key"): Promise<AiStandIn> {
  const standIn: AiStandIn = { baseUrl: "", key, requests: [], failWith: null, close: async () => {} };
  const server = http.createServer((req, res) => {
    standIn.requests.push({ path: req.url ?? "/", authorization: req.headers.authorization });
    const send = (status: number, body: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (req.headers.authorization !== `Bearer ${key}`)
      return send(401, { error: { message: "Incorrect API key provided.", type: "invalid_request_error", code: "invalid_api_key" } });
    if (standIn.failWith)
      return send(standIn.failWith, { error: { message: "The server had an error while processing your request.", type: "server_error" } });
    if (req.method === "GET" && req.url === "/v1/models")
      return send(200, { object: "list", data: [{ id: "gpt-standin", object: "model", created: 1_700_000_000, owned_by: "kizuna" }] });
    send(404, { error: { message: `Unknown request URL: ${req.method} ${req.url}`, type: "invalid_request_error" } });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  standIn.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  standIn.close = () => new Promise((resolve) => server.close(() => resolve()));
  return standIn;
}
