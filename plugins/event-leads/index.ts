// Lead sources for the events each brand attends (trade shows, live shows): one per configured event, so the
// admin can filter leads by event and the KPIs can count them. Events are options in plugins/index.ts.
import { z } from "zod";
import { definePlugin } from "../../sdk/src/plugin.ts";

const Event = z.strictObject({
  key: z.string().regex(/^[a-z][a-z0-9_]{1,49}$/, "snake_case, 2–50 characters"),
  name: z.strictObject({ ja: z.string().min(1).max(100), en: z.string().min(1).max(100) }),
  site: z.enum(["yuya", "aoba"]),
});
const Options = z.strictObject({ events: z.array(Event).max(100).default([]) });

export default definePlugin<z.output<typeof Options>>({
  id: "event-leads",
  version: "1.0.0",
  options: Options,
  setup(reg, { events }) {
    for (const event of events) reg.leadSource({ key: event.key, label: event.name, site: event.site });
  },
});
