// The shop's buy button: a product and a quantity; the server prices the order from the database.
import { z } from "zod";

export const CheckoutSchema = z.object({
  productId: z.uuid({ error: "errors.productUnknown" }),
  quantity: z.coerce
    .number({ error: "errors.quantity" })
    .int({ error: "errors.quantity" })
    .min(1, { error: "errors.quantity" })
    .max(10, { error: "errors.quantity" })
    .default(1),
});
export type CheckoutInput = z.infer<typeof CheckoutSchema>;
