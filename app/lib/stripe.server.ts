// The one Stripe client (the official `stripe` package), from configuration. STRIPE_API_BASE points it at a
// local stand-in in tests; in production it talks to api.stripe.com. Null when payments are not configured.
import Stripe from "stripe";
import { getEnv } from "./env.server.ts";

let client: Stripe | null | undefined;

export function getStripe(): Stripe | null {
  if (client !== undefined) return client;
  const env = getEnv();
  if (!env.STRIPE_SECRET_KEY) return (client = null);
  const base = env.STRIPE_API_BASE ? new URL(env.STRIPE_API_BASE) : null;
  client = new Stripe(env.STRIPE_SECRET_KEY, {
    maxNetworkRetries: 2,
    timeout: 20_000,
    appInfo: { name: "Kizuna CRM" },
    ...(base
      ? {
          host: base.hostname,
          port: Number(base.port || (base.protocol === "https:" ? 443 : 80)),
          protocol: base.protocol.replace(":", "") as "http" | "https",
        }
      : {}),
  });
  return client;
}

export function webhookSecret(): string | null {
  return getEnv().STRIPE_WEBHOOK_SECRET ?? null;
}
