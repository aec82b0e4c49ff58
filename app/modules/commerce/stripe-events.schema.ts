// The fields of Stripe's event objects that the shop reads, checked before an event is applied. A signed event
// is Stripe's, but not necessarily of the shape this code was written for (another API version, an event sent
// by hand from the dashboard): a mismatch is refused with 400 naming the field, before anything is recorded, so
// the event can be sent again once the code understands it.
import type Stripe from "stripe";
import { z } from "zod";

/** Stripe's ids are letters, digits and underscores (cs_test_…, pi_…, in_…, evt_…). */
const id = z.string().regex(/^[A-Za-z0-9_]{1,255}$/);
/** Stripe names a related object by its id, or expands it into the object. */
const ref = z.union([id, z.looseObject({ id })]).nullish();

const CheckoutSessionShape = z.looseObject({
  id,
  metadata: z.record(z.string(), z.string()).nullish(),
  client_reference_id: z.string().max(255).nullish(),
  payment_status: z.string().max(50).nullish(),
  payment_intent: ref,
  subscription: ref,
});

const InvoiceShape = z.looseObject({
  id: id.nullish(),
  billing_reason: z.string().max(50).nullish(),
  subscription: ref,
  parent: z.looseObject({ subscription_details: z.looseObject({ subscription: ref }).nullish() }).nullish(),
});

const SHAPES: Partial<Record<Stripe.Event["type"], z.ZodType>> = {
  "checkout.session.completed": CheckoutSessionShape,
  "checkout.session.async_payment_succeeded": CheckoutSessionShape,
  "checkout.session.expired": CheckoutSessionShape,
  "invoice.paid": InvoiceShape,
  "customer.subscription.deleted": z.looseObject({ id }),
  "charge.refunded": z.looseObject({ payment_intent: ref }),
};

/** The first field of the event's object that is not what the shop expects (e.g. "data.object.metadata"), or null. */
export function stripeEventProblem(event: Stripe.Event): string | null {
  if (!id.safeParse(event.id).success) return "id";
  const shape = SHAPES[event.type];
  if (!shape) return null;
  const result = shape.safeParse(event.data?.object);
  if (result.success) return null;
  return ["data", "object", ...(result.error.issues[0]?.path ?? []).map(String)].join(".");
}
