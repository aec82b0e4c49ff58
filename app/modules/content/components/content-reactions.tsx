// The reader's side of content tracking: the view beacon a detail page sends once it is shown, and the like and
// share buttons. Everything goes to POST /api/content/events (same origin, so the page's CSP allows it).
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Button } from "~/components/ui/button";

type ContentEvent = "view" | "like" | "share" | "download";

interface EventAnswer {
  data?: { recorded: boolean; counts?: { views: number; likes: number; downloads: number } };
}

/** Sends one event; keepalive lets a view leave even when the reader navigates away at once. */
export async function sendContentEvent(body: { contentId: string; event: ContentEvent; referrer?: string }): Promise<EventAnswer | null> {
  const res = await fetch("/api/content/events", {
    method: "POST",
    keepalive: true,
    credentials: "same-origin",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return res.ok ? ((await res.json()) as EventAnswer) : null;
}

/** Sends the view of a content once per page shown (the server drops repeats within its window anyway). */
export function useViewBeacon(contentId: string) {
  useEffect(() => {
    // On the page the document was loaded for, the referrer is the browser's; after a client-side navigation the
    // reader came from this site.
    const loaded = (performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined)?.name;
    const referrer = !loaded || loaded === window.location.href ? document.referrer : `${window.location.origin}/`;
    // A view that could not be sent is lost, never shown to the reader as an error.
    sendContentEvent({ contentId, event: "view", ...(referrer ? { referrer } : {}) }).catch(() => undefined);
    // Once per content shown, not again when only the query or hash changes.
  }, [contentId]);
}

export function ContentReactions({
  contentId,
  title,
  url,
  likes,
  liked: likedBefore,
}: {
  contentId: string;
  title: string;
  url: string;
  likes: number;
  liked: boolean;
}) {
  const { t } = useTranslation();
  const [liked, setLiked] = useState(likedBefore);
  const [likeCount, setLikeCount] = useState(likes);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState("");

  async function like() {
    setBusy(true);
    try {
      const answer = await sendContentEvent({ contentId, event: "like" });
      if (answer?.data?.counts) {
        setLiked(true);
        setLikeCount(answer.data.counts.likes);
      }
    } finally {
      setBusy(false);
    }
  }

  async function share() {
    try {
      if (typeof navigator.share === "function") {
        await navigator.share({ title, url });
      } else {
        await navigator.clipboard.writeText(url);
        setStatus(t("content.linkCopied"));
      }
    } catch (error) {
      // The reader closed the share sheet: nothing was shared.
      if (error instanceof DOMException && error.name === "AbortError") return;
      throw error;
    }
    await sendContentEvent({ contentId, event: "share" });
  }

  return (
    <div role="group" aria-label={t("content.reactions")} className="flex flex-wrap items-center gap-3">
      <Button variant={liked ? "primary" : "secondary"} size="sm" aria-pressed={liked} disabled={liked || busy} onClick={() => void like()}>
        <span aria-hidden="true">♥</span> {liked ? t("content.liked") : t("content.like")}
      </Button>
      <span className="text-sm tabular-nums text-muted" data-testid="like-count">
        {t("content.likeCount", { count: likeCount })}
      </span>
      <Button variant="secondary" size="sm" onClick={() => void share()}>
        <span aria-hidden="true">↗</span> {t("content.share")}
      </Button>
      <span role="status" className="text-sm text-muted">
        {status}
      </span>
    </div>
  );
}
