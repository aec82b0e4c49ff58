// Admin › Leads › Pipeline board: columns new → won / lost with the count and value of each. Cards move by
// drag and drop, by keyboard (focus a card, ← / →), or with the card's own "move to" control, which also
// works without JavaScript. Every move is a status change: on the timeline and in the audit log.
import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useFetchers, useLoaderData, useSearchParams, useSubmit } from "@remix-run/react";
import { useState, type DragEvent, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { RefusedFilters } from "~/components/admin/filter-bar";
import { Alert } from "~/components/ui/alert";
import { Badge } from "~/components/ui/badge";
import { buttonClasses } from "~/components/ui/button";
import { cn } from "~/components/ui/cn";
import { formatMoney } from "~/lib/format";
import { translateError } from "~/lib/i18n";
import { replyFailure, replyInvalid, replyOk } from "~/lib/result.server";
import { requireAdminHost } from "~/lib/site.server";
import { can } from "~/modules/identity/permissions";
import { requirePermission } from "~/modules/identity/permissions.server";
import { loadBoard } from "~/modules/leads/board.server";
import { PRIORITY_TONE } from "~/modules/leads/lead-display";
import { LEAD_STATUSES, LeadListQuerySchema } from "~/modules/leads/leads.schema";
import { readListQuery } from "~/lib/list";
import { updateLeadStatus } from "~/modules/leads/leads.server";
import { readForm } from "~/lib/form.server";
import { useLanguage } from "~/lib/use-language";
import { requestOrigin } from "~/lib/request-origin.server";

/**
 * The board's filters, as the lead list reads them (a value that does not parse is 400 naming it); the list's other
 * parameters, which its link to the board carries, are ignored here.
 */
const { character, assignee } = LeadListQuerySchema.shape;
const BoardQuery = z.object({ character, assignee });

const Move = z.object({
  leadId: z.uuid({ error: "api.notFound" }),
  status: z.enum(LEAD_STATUSES, { error: "errors.leadStatus" }),
  version: z.coerce.number().int().optional(),
});

export const meta: MetaFunction = () => [{ title: "Pipeline — Kizuna" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAdminHost(context);
  const actor = await requirePermission(request, "leads", "read");
  const canMove = can(actor.role, "leads", "update");
  const { query, fields } = readListQuery(request, BoardQuery);
  if (!query) return data({ columns: [], canMove, fields }, { status: 400 });
  return { columns: await loadBoard(query, actor), canMove, fields };
}

export async function action({ request, context }: ActionFunctionArgs) {
  requireAdminHost(context);
  const actor = await requirePermission(request, "leads", "update");
  const submission = parseWithZod(await readForm(request), { schema: Move });
  if (submission.status !== "success") return replyInvalid(submission);
  const { leadId, status, version } = submission.value;
  const moved = await updateLeadStatus(leadId, { status }, { actor, origin: requestOrigin(request), expectedVersion: version });
  if (moved.ok) return replyOk(submission);
  // A card whose lead is gone: said on the board (about the card), not as a page error.
  return replyFailure(submission, moved.kind === "not_found" ? { ...moved, field: "leadId" } : moved);
}

/** Submits a move with the card's own fetcher key. */
function useMoveSubmitter() {
  const submit = useSubmit();
  return (cardId: string, form: Record<string, string>) => submit(form, { method: "post", fetcherKey: `move-${cardId}`, navigate: false });
}

type Column = ReturnType<typeof useLoaderData<typeof loader>>["columns"][number];
type Card = Column["cards"][number];

export default function Board() {
  const { columns, canMove, fields } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { t } = useTranslation();
  const lng = useLanguage();
  // One fetcher per move (keyed by the card), so quick moves of different cards do not cancel each other.
  const fetchers = useFetchers().filter((f) => f.key.startsWith("move-"));
  const pending = fetchers.filter((f) => f.formData);
  const failed = fetchers.find((f) => f.state === "idle" && f.data && !(f.data as { ok: boolean }).ok)?.data as
    { result: SubmissionResult<string[]> } | undefined;
  const failure = failed && Object.values(failed.result.error ?? {}).flat()[0];
  const submitMove = useMoveSubmitter();
  const [dragging, setDragging] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState("");

  // Optimistic view: a card being moved is shown in its new column at once.
  const moving = new Map(pending.map((f) => [String(f.formData!.get("leadId")), String(f.formData!.get("status"))]));
  const cardsOf = (status: string): Card[] => {
    const all = columns.flatMap((c) => c.cards.map((card) => ({ card, from: c.status })));
    return all.filter(({ card, from }) => (moving.get(card.id) ?? from) === status).map(({ card }) => card);
  };

  const move = (card: Card, status: string) => {
    submitMove(card.id, { leadId: card.id, status, version: String(card.version) });
    setAnnouncement(t("board.moved", { name: card.name ?? card.email, status: t(`leadStatuses.${status}`) }));
  };
  const onKey = (event: KeyboardEvent, card: Card, status: string) => {
    if (!canMove || (event.key !== "ArrowRight" && event.key !== "ArrowLeft")) return;
    const index = LEAD_STATUSES.indexOf(status as (typeof LEAD_STATUSES)[number]) + (event.key === "ArrowRight" ? 1 : -1);
    const next = LEAD_STATUSES[index];
    if (!next) return;
    event.preventDefault();
    move(card, next);
  };
  const onDrop = (event: DragEvent, status: string) => {
    event.preventDefault();
    const id = event.dataTransfer.getData("text/plain");
    const card = columns.flatMap((c) => c.cards).find((c) => c.id === id);
    setDragging(null);
    if (card) move(card, status);
  };
  const siteLink = (character: string | null) => {
    const next = new URLSearchParams(params);
    if (character) next.set("character", character);
    else next.delete("character");
    return `?${next.toString()}`;
  };
  const current = params.get("character");

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-black">{t("leads.board")}</h1>
        <div className="flex flex-wrap gap-2">
          {[null, "yuya", "aoba"].map((character) => (
            <Link
              key={character ?? "both"}
              to={siteLink(character)}
              className={buttonClasses({ variant: current === character ? "primary" : "secondary", size: "sm" })}
              aria-current={current === character ? "page" : undefined}
            >
              {character ? t(`account.sites.${character}`) : t("leads.bothSites")}
            </Link>
          ))}
          <Link to={`/admin/leads?${params.toString()}`} className={buttonClasses({ variant: "ghost", size: "sm" })}>
            {t("leads.list")}
          </Link>
        </div>
      </div>
      {canMove ? <p className="text-sm text-muted">{t("board.help")}</p> : null}
      <RefusedFilters errors={fields ?? undefined} />
      {failed ? <Alert tone="error">{translateError(t, failure ?? "leadDetail.checkFields")}</Alert> : null}
      <div aria-live="polite" className="sr-only">
        {announcement}
      </div>
      <div className="flex gap-3 overflow-x-auto pb-4">
        {columns.map((column) => {
          const cards = cardsOf(column.status);
          return (
            <section
              key={column.status}
              aria-labelledby={`col-${column.status}`}
              data-column={column.status}
              onDragOver={(event) => canMove && event.preventDefault()}
              onDrop={(event) => onDrop(event, column.status)}
              className={cn(
                "flex w-64 shrink-0 flex-col rounded-brand border border-border bg-background",
                dragging && "outline-dashed outline-1 outline-primary/40",
              )}
            >
              <header className="border-b border-border px-3 py-2">
                <h2 id={`col-${column.status}`} className="flex items-center justify-between font-bold">
                  {t(`leadStatuses.${column.status}`)}
                  <span className="text-sm font-normal text-muted" data-count>
                    {column.count}
                  </span>
                </h2>
                <p className="text-sm tabular-nums text-muted" data-sum={column.sum}>
                  {formatMoney(column.sum, lng)}
                </p>
              </header>
              <ul className="flex min-h-[4rem] flex-col gap-2 p-2">
                {cards.map((card) => (
                  <li
                    key={card.id}
                    data-card={card.id}
                    tabIndex={0}
                    draggable={canMove}
                    onDragStart={(event) => {
                      event.dataTransfer.setData("text/plain", card.id);
                      setDragging(card.id);
                    }}
                    onDragEnd={() => setDragging(null)}
                    onKeyDown={(event) => onKey(event, card, column.status)}
                    aria-describedby={canMove ? "board-help" : undefined}
                    className={cn(
                      "rounded-brand border border-border bg-surface p-2 text-sm shadow-sm focus:outline-none focus:ring-2 focus:ring-primary",
                      moving.has(card.id) && "opacity-60",
                    )}
                  >
                    <Link to={`/admin/leads/${card.id}`} className="font-semibold text-primary hover:underline">
                      {card.name ?? card.email}
                    </Link>
                    {card.company ? <div className="text-xs text-muted">{card.company}</div> : null}
                    <div className="mt-1 flex items-center justify-between gap-2">
                      <Badge tone={PRIORITY_TONE[card.priority]}>{t(`priorities.${card.priority}`)}</Badge>
                      <span className="tabular-nums">{formatMoney(card.estimatedValue, lng)}</span>
                    </div>
                    {canMove ? (
                      <Form method="post" className="mt-2 flex gap-1" onSubmit={(event) => event.preventDefault()}>
                        <input type="hidden" name="leadId" value={card.id} />
                        <input type="hidden" name="version" value={card.version} />
                        <label className="sr-only" htmlFor={`move-${card.id}`}>
                          {t("board.moveTo", { name: card.name ?? card.email })}
                        </label>
                        <select
                          id={`move-${card.id}`}
                          name="status"
                          defaultValue={column.status}
                          onChange={(event) => move(card, event.currentTarget.value)}
                          className="min-w-0 flex-1 rounded-brand border border-border bg-surface px-1 py-0.5 text-xs"
                        >
                          {LEAD_STATUSES.map((status) => (
                            <option key={status} value={status}>
                              {t(`leadStatuses.${status}`)}
                            </option>
                          ))}
                        </select>
                        <noscript>
                          <button type="submit" className="rounded-brand border border-border px-1 text-xs">
                            {t("board.move")}
                          </button>
                        </noscript>
                      </Form>
                    ) : null}
                  </li>
                ))}
              </ul>
              {column.count > column.cards.length ? (
                <p className="px-3 pb-2 text-xs text-muted">{t("board.more", { count: column.count - column.cards.length })}</p>
              ) : null}
            </section>
          );
        })}
      </div>
      <p id="board-help" className="sr-only">
        {t("board.keyboard")}
      </p>
    </div>
  );
}
