// A local stand-in for GitHub's and Discord's OAuth 2 endpoints (authorize, token, user, emails), speaking their
// real HTTP shapes, so the production strategies run unchanged in tests. Loopback only; close() stops it.
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface StandInPerson {
  id: string;
  login: string;
  name: string;
  email: string | null;
  verified: boolean;
}

export interface OAuthStandIn {
  url: string;
  /** Environment for the server under test: client ids/secrets and every endpoint pointing here. */
  env: Record<string, string>;
  /** Who is "signed in" at the provider for the next authorization; `deny` makes the user refuse consent. */
  as(provider: "github" | "discord", person: StandInPerson | "deny"): void;
  /** Token requests seen, to assert the client authenticated itself properly. */
  tokenRequests: { provider: string; body: URLSearchParams; authorization?: string }[];
  close(): Promise<void>;
}

const CLIENT = { github: { id: "gh-client", secret: "gh-secret" }, discord: { id: "dc-client", secret: "dc-secret" } } as const;

export async function startOAuthStandIn(): Promise<OAuthStandIn> {
  const current: Record<string, StandInPerson | "deny" | undefined> = {};
  const codes = new Map<string, { provider: string; person: StandInPerson; redirectUri: string }>();
  const tokens = new Map<string, { provider: string; person: StandInPerson }>();
  const tokenRequests: OAuthStandIn["tokenRequests"] = [];

  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  };
  const readBody = (req: http.IncomingMessage) =>
    new Promise<string>((resolve) => {
      let data = "";
      req.on("data", (chunk) => (data += chunk));
      req.on("end", () => resolve(data));
    });
  const bearer = (req: http.IncomingMessage) => tokens.get((req.headers.authorization ?? "").replace(/^(Bearer|token) /i, ""));

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const [, provider, ...rest] = url.pathname.split("/");
    const endpoint = rest.join("/");
    if (provider !== "github" && provider !== "discord") return json(res, 404, { message: "Not Found" });

    if (endpoint === "authorize" && req.method === "GET") {
      const redirectUri = url.searchParams.get("redirect_uri");
      const state = url.searchParams.get("state");
      if (url.searchParams.get("client_id") !== CLIENT[provider].id || !redirectUri) {
        return json(res, 400, { error: "invalid_request" });
      }
      const back = new URL(redirectUri);
      if (state) back.searchParams.set("state", state);
      const person = current[provider];
      if (!person || person === "deny") {
        back.searchParams.set("error", "access_denied");
        back.searchParams.set("error_description", "The user has denied your application access.");
      } else {
        const code = randomBytes(12).toString("hex");
        codes.set(code, { provider, person, redirectUri });
        back.searchParams.set("code", code);
      }
      res.writeHead(302, { location: back.toString() }).end();
      return;
    }

    if (endpoint === "token" && req.method === "POST") {
      const body = new URLSearchParams(await readBody(req));
      tokenRequests.push({ provider, body, authorization: req.headers.authorization });
      const basic = req.headers.authorization?.startsWith("Basic ")
        ? Buffer.from(req.headers.authorization.slice(6), "base64").toString().split(":")
        : [body.get("client_id"), body.get("client_secret")];
      if (basic[0] !== CLIENT[provider].id || basic[1] !== CLIENT[provider].secret) return json(res, 401, { error: "invalid_client" });
      const grant = codes.get(body.get("code") ?? "");
      codes.delete(body.get("code") ?? "");
      if (!grant || grant.provider !== provider || grant.redirectUri !== body.get("redirect_uri")) {
        return json(res, 400, { error: "invalid_grant", error_description: "The code passed is incorrect or expired." });
      }
      const accessToken = `${provider}-token-${randomBytes(8).toString("hex")}`;
      tokens.set(accessToken, { provider, person: grant.person });
      return json(
        res,
        200,
        provider === "github"
          ? { access_token: accessToken, token_type: "bearer", scope: "read:user,user:email" }
          : {
              access_token: accessToken,
              token_type: "Bearer",
              expires_in: 604800,
              refresh_token: `r-${accessToken}`,
              scope: "identify email",
            },
      );
    }

    const grant = bearer(req);
    if (!grant || grant.provider !== provider) return json(res, 401, { message: "Bad credentials" });
    const { person } = grant;
    if (provider === "github" && endpoint === "user") {
      return json(res, 200, {
        id: Number(person.id),
        login: person.login,
        name: person.name,
        email: person.verified ? person.email : null,
        avatar_url: `https://avatars.example/${person.id}`,
      });
    }
    if (provider === "github" && endpoint === "user/emails") {
      return json(res, 200, person.email ? [{ email: person.email, verified: person.verified, primary: true, visibility: "private" }] : []);
    }
    if (provider === "discord" && endpoint === "users/@me") {
      return json(res, 200, {
        id: person.id,
        username: person.login,
        global_name: person.name,
        email: person.email,
        verified: person.verified,
        avatar: null,
      });
    }
    return json(res, 404, { message: "Not Found" });
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    env: {
      GITHUB_CLIENT_ID: CLIENT.github.id,
      GITHUB_CLIENT_SECRET: CLIENT.github.secret,
      GITHUB_AUTHORIZE_URL: `${url}/github/authorize`,
      GITHUB_TOKEN_URL: `${url}/github/token`,
      GITHUB_USER_URL: `${url}/github/user`,
      GITHUB_EMAILS_URL: `${url}/github/user/emails`,
      DISCORD_CLIENT_ID: CLIENT.discord.id,
      DISCORD_CLIENT_SECRET: CLIENT.discord.secret,
      DISCORD_AUTHORIZE_URL: `${url}/discord/authorize`,
      DISCORD_TOKEN_URL: `${url}/discord/token`,
      DISCORD_USER_URL: `${url}/discord/users/@me`,
    },
    as: (provider, person) => {
      current[provider] = person;
    },
    tokenRequests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
