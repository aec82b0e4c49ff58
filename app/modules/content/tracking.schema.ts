// The body of POST /api/content/events: which content (by id or slug), what happened, and where the reader came from.
import { z } from "zod";

export const CONTENT_EVENTS = ["view", "like", "share", "download"] as const;
export type ContentEvent = (typeof CONTENT_EVENTS)[number];

export const ContentEventSchema = z
  .strictObject({
    contentId: z.uuid({ error: "content.errors.contentId" }).optional(),
    slug: z
      .string()
      .trim()
      .min(1)
      .max(255)
      .regex(/^[a-z0-9][a-z0-9-]*$/i, { error: "content.errors.slug" })
      .optional(),
    event: z.enum(CONTENT_EVENTS, { error: "content.errors.event" }),
    // document.referrer as the page saw it. Anything that is not an http(s) URL is kept as "no referrer" rather
    // than refused: a lost view is worse than a missing source.
    referrer: z.string().max(2048, { error: "content.errors.referrer" }).optional(),
  })
  .refine((body) => body.contentId !== undefined || body.slug !== undefined, {
    error: "content.errors.contentRequired",
    path: ["contentId"],
  });

export type ContentEventInput = z.infer<typeof ContentEventSchema>;
