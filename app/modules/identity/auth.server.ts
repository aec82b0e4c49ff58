// Sign-in with remix-auth 3 for GitHub and Discord (email codes: email-sign-in.server.ts). Every method ends in
// completeSignIn: signInWith (one user per verified address) and a new row in `sessions`, whose token the cookie holds.
import type { AppLoadContext } from "@remix-run/node";
import { Authenticator } from "remix-auth";
import { DiscordStrategy, type DiscordProfile } from "remix-auth-discord";
import { GitHubStrategy } from "remix-auth-github";
import { getEnv, type Env } from "~/lib/env.server";
import { siteOrigin } from "~/lib/site.server";
import { SignInError, signInWith, type ProviderIdentity } from "./identity.server.ts";
import { createSessionToken, endReplacedSession, getSessionStorage } from "./session.server.ts";
import { requestOrigin, type RequestOrigin } from "~/lib/request-origin.server";
import { recordAudit } from "~/modules/audit/audit.server";

/** What a completed sign-in leaves in the cookie: the token of its `sessions` row. */
export interface AuthResult {
  sid: string;
}

export const OAUTH_PROVIDERS = ["github", "discord"] as const;
export type OAuthProvider = (typeof OAUTH_PROVIDERS)[number];

export function isOAuthProvider(value: unknown): value is OAuthProvider {
  return typeof value === "string" && (OAUTH_PROVIDERS as readonly string[]).includes(value);
}

/** The error remix-auth flashed into the cookie session: a translation key, else the generic failure. */
export function signInErrorKey(flashed: unknown): string | null {
  if (!flashed || typeof flashed !== "object" || !("message" in flashed)) return null;
  const message = String(flashed.message);
  return message.startsWith("login.errors.") ? message : "login.errors.failed";
}

/** A sign-in that failed (the error flashed for the sign-in page to show), audited without a user. */
export async function recordSignInFailure(error: string, origin: RequestOrigin): Promise<void> {
  await recordAudit({ action: "sign_in", resource: "sessions", changes: { error }, ...origin, status: "failure" });
}

/** A sign-in that ended on `site` (every method goes through /auth/done), audited as the user's. */
export async function recordSignIn(user: { id: string; sessionId: string }, site: AppLoadContext["site"], origin: RequestOrigin) {
  await recordAudit({
    userId: user.id,
    action: "sign_in",
    resource: "sessions",
    resourceId: user.sessionId,
    changes: { site },
    ...origin,
    status: "success",
  });
}

/** The providers configured on this installation (email always is). */
export function enabledProviders(env: Env = getEnv()): OAuthProvider[] {
  return OAUTH_PROVIDERS.filter((p) => (p === "github" ? env.GITHUB_CLIENT_ID : env.DISCORD_CLIENT_ID));
}

export async function completeSignIn(
  identity: ProviderIdentity,
  request: Request,
  context: AppLoadContext | undefined,
): Promise<AuthResult> {
  let userId: string;
  try {
    ({ userId } = await signInWith(identity));
  } catch (error) {
    // remix-auth turns a thrown error's message into the flashed sign-in error: a translation key.
    if (error instanceof SignInError) throw new Error("login.errors.emailUnverified", { cause: error });
    throw error;
  }
  await endReplacedSession(request);
  const { token: sid } = await createSessionToken(userId, {
    site: context?.site ?? "index",
    ...requestOrigin(request),
  });
  return { sid };
}

/** remix-auth-discord fixes discord.com in its code; the endpoints are set here so they can be configured. */
class ConfigurableDiscordStrategy<User> extends DiscordStrategy<User> {
  constructor(
    options: ConstructorParameters<typeof DiscordStrategy<User>>[0] & { authorizationURL: string; tokenURL: string; userInfoURL: string },
    verify: ConstructorParameters<typeof DiscordStrategy<User>>[1],
  ) {
    super(options, verify);
    this.authorizationURL = options.authorizationURL;
    this.tokenURL = options.tokenURL;
    (this as unknown as { userInfoURL: string }).userInfoURL = options.userInfoURL;
  }
}

function discordIdentity(profile: DiscordProfile, accessToken: string, refreshToken?: string): ProviderIdentity {
  return {
    provider: "discord",
    providerAccountId: profile.id,
    email: profile.__json.email ?? null,
    emailVerified: profile.__json.verified === true,
    name: profile.displayName,
    image: profile.__json.avatar ? `https://cdn.discordapp.com/avatars/${profile.id}/${profile.__json.avatar}.png` : null,
    accessToken,
    refreshToken: refreshToken ?? null,
  };
}

// One per configured site origin (siteOrigin never comes from request headers), so the map stays small.
const authenticators = new Map<string, Authenticator<AuthResult>>();

/** The authenticator for this request's site: OAuth callbacks return to the site the flow started on. */
export function getAuthenticator(context: AppLoadContext): Authenticator<AuthResult> {
  const origin = siteOrigin(context);
  let authenticator = authenticators.get(origin);
  if (authenticator) return authenticator;
  const env = getEnv();
  authenticator = new Authenticator<AuthResult>(getSessionStorage(), { throwOnError: false });

  if (env.GITHUB_CLIENT_ID && env.GITHUB_CLIENT_SECRET) {
    authenticator.use(
      new GitHubStrategy(
        {
          clientId: env.GITHUB_CLIENT_ID,
          clientSecret: env.GITHUB_CLIENT_SECRET,
          redirectURI: `${origin}/auth/github/callback`,
          scopes: ["read:user", "user:email"],
          authorizationEndpoint: env.GITHUB_AUTHORIZE_URL,
          tokenEndpoint: env.GITHUB_TOKEN_URL,
          userInfoEndpoint: env.GITHUB_USER_URL,
          userEmailsEndpoint: env.GITHUB_EMAILS_URL,
        },
        // With the user:email scope the strategy lists only verified addresses, the primary one first.
        ({ profile, tokens, request, context }) =>
          completeSignIn(
            {
              provider: "github",
              providerAccountId: profile.id,
              email: profile.emails[0]?.value ?? null,
              emailVerified: profile.emails.length > 0,
              name: profile._json.name ?? profile.displayName,
              image: profile.photos[0]?.value ?? null,
              accessToken: tokens.access_token,
              scope: tokens.scope ?? null,
            },
            request,
            context,
          ),
      ),
      "github",
    );
  }

  if (env.DISCORD_CLIENT_ID && env.DISCORD_CLIENT_SECRET) {
    authenticator.use(
      new ConfigurableDiscordStrategy<AuthResult>(
        {
          clientID: env.DISCORD_CLIENT_ID,
          clientSecret: env.DISCORD_CLIENT_SECRET,
          callbackURL: `${origin}/auth/discord/callback`,
          scope: ["identify", "email"],
          authorizationURL: env.DISCORD_AUTHORIZE_URL,
          tokenURL: env.DISCORD_TOKEN_URL,
          userInfoURL: env.DISCORD_USER_URL,
        },
        ({ profile, accessToken, refreshToken, request, context }) =>
          completeSignIn(discordIdentity(profile, accessToken, refreshToken), request, context),
      ),
      "discord",
    );
  }

  authenticators.set(origin, authenticator);
  return authenticator;
}
