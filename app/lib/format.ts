// Display formatting shared by pages. Times are shown in Japan time on server and client alike, so the
// hydrated page matches the server's HTML whatever the machine's time zone.
export const DISPLAY_TIME_ZONE = "Asia/Tokyo";

// Building an Intl formatter is costly (locale data is resolved each time) and a page formats many values:
// one formatter per locale and options, shared (they are immutable).
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();

export function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = dateFormats.get(key);
  if (!format) dateFormats.set(key, (format = new Intl.DateTimeFormat(locale, options)));
  return format;
}

export function numberFormat(locale: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = numberFormats.get(key);
  if (!format) numberFormats.set(key, (format = new Intl.NumberFormat(locale, options)));
  return format;
}

export function formatDateTime(value: Date | string | null | undefined, lng: "ja" | "en"): string {
  if (!value) return "";
  return dateFormat(lng === "en" ? "en-GB" : "ja-JP", { dateStyle: "medium", timeStyle: "short", timeZone: DISPLAY_TIME_ZONE }).format(
    new Date(value),
  );
}

export function formatDate(value: Date | string | null | undefined, lng: "ja" | "en"): string {
  if (!value) return "";
  return dateFormat(lng === "en" ? "en-GB" : "ja-JP", { dateStyle: "medium", timeZone: DISPLAY_TIME_ZONE }).format(new Date(value));
}

/** An amount (Decimal, string or number) in its currency (yen by default, without decimals); "—" when there is none. */
export function formatMoney(value: unknown, lng: "ja" | "en", currency = "JPY"): string {
  if (value === null || value === undefined || value === "") return "—";
  const amount = Number(String(value));
  if (!Number.isFinite(amount)) return "—";
  return numberFormat(lng === "en" ? "en-US" : "ja-JP", {
    style: "currency",
    currency,
    ...(currency === "JPY" ? { maximumFractionDigits: 0 } : {}),
  }).format(amount);
}

const BROWSERS: [RegExp, string][] = [
  [/Edg\//, "Edge"],
  [/OPR\//, "Opera"],
  [/Firefox\//, "Firefox"],
  [/Chrom(?:e|ium)\//, "Chrome"],
  [/Safari\//, "Safari"],
];
const SYSTEMS: [RegExp, string][] = [
  [/Android/, "Android"],
  [/iPhone|iPad|iPod/, "iOS"],
  [/Windows/, "Windows"],
  [/Mac OS X|Macintosh/, "macOS"],
  [/CrOS/, "ChromeOS"],
  [/Linux/, "Linux"],
];

/** "Chrome · Linux" for a session list; null when the agent says nothing we recognise. */
export function describeUserAgent(agent: string | null | undefined): string | null {
  if (!agent) return null;
  const browser = BROWSERS.find(([pattern]) => pattern.test(agent))?.[1];
  const system = SYSTEMS.find(([pattern]) => pattern.test(agent))?.[1];
  if (!browser && !system) return agent.slice(0, 60);
  return [browser, system].filter(Boolean).join(" · ");
}
