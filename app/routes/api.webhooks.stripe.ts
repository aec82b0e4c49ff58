// POST /api/webhooks/stripe: Stripe's events, verified with the signing secret (stripe.webhooks.constructEvent
// on the raw body), each processed once (webhook_events) in one transaction with what it changes. A bad or
// stale signature is a 400 and nothing happens; a failure while processing is a 500-free retry for Stripe.
import type { ActionFunctionArgs } from "@remix-run/node";
import { jsonError } from "~/lib/http";
import { getStripe, webhookSecret } from "~/lib/stripe.server";
import { handleStripeEvent, StripeLookupError } from "~/modules/commerce/checkout.server";
import { stripeEventProblem } from "~/modules/commerce/stripe-events.schema";

const MAX_BYTES = 1024 * 1024;

export async function loader() {
  throw jsonError(405, "method_not_allowed", "Use POST.");
}

export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== "POST") throw jsonError(405, "method_not_allowed", `${request.method} is not allowed here; use POST.`);
  const stripe = getStripe();
  const secret = webhookSecret();
  if (!stripe || !secret) throw jsonError(503, "payments_off", "Payments are not configured on this server.");
  if (Number(request.headers.get("content-length") ?? "0") > MAX_BYTES) throw jsonError(413, "body_too_large", "The event is too large.");
  const payload = await request.text();
  const signature = request.headers.get("stripe-signature");
  if (!signature)
    throw jsonError(400, "invalid_signature", "The Stripe-Signature header is missing.", { "stripe-signature": ["required"] });
  let event;
  try {
    event = stripe.webhooks.constructEvent(payload, signature, secret);
  } catch (error) {
    context.logger.warn({ err: error instanceof Error ? error.message : String(error) }, "refused a Stripe webhook with a bad signature");
    throw jsonError(400, "invalid_signature", "The signature does not match this payload (or is too old).", {
      "stripe-signature": ["does not verify"],
    });
  }
  const problem = stripeEventProblem(event);
  if (problem) {
    context.logger.warn({ event: event.id, type: event.type, field: problem }, "refused a Stripe event of an unexpected shape");
    throw jsonError(400, "invalid_event", `The event's ${problem} is not what this server expects.`, { [problem]: ["unexpected shape"] });
  }
  let outcome;
  try {
    outcome = await handleStripeEvent(event, context.registry);
  } catch (error) {
    if (!(error instanceof StripeLookupError)) throw error;
    context.logger.warn({ event: event.id, type: event.type, err: error.message }, "Stripe event deferred: Stripe could not be asked");
    // Nothing was recorded: Stripe retries the event later, and it is processed then.
    throw jsonError(503, "provider_unavailable", "Stripe could not be reached to process this event; retry later.");
  }
  context.logger.info({ event: event.id, type: event.type, ...outcome }, "Stripe event");
  return Response.json({ received: true, ...outcome });
}
