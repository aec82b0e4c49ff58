// All configuration, parsed once from process.env with zod. A bad value stops the server with a readable list.
import { isIP } from "node:net";
import { z } from "zod";

const hostList = z
  .string()
  .transform((value) =>
    value
      .split(",")
      .map((host) => host.trim().toLowerCase())
      .filter(Boolean),
  )
  .pipe(
    z.array(
      z.string().regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/, {
        error: "must be a comma-separated list of host names (no scheme, no port)",
      }),
    ),
  );

const boolean = z
  .enum(["true", "false", "1", "0", "yes", "no"], { error: "must be true or false" })
  .transform((value) => ["true", "1", "yes"].includes(value));

const emailList = z
  .string()
  .transform((value) =>
    value
      .split(",")
      .map((email) => email.trim().toLowerCase())
      .filter(Boolean),
  )
  .pipe(z.array(z.email({ error: "must be a comma-separated list of email addresses" })));

const httpUrl = z.url({ protocol: /^https?$/, error: "must be an http(s) URL" });

/** "name=hours,…" with known names; `complete` requires every name. */
function hoursMap<K extends string>(names: readonly K[], complete: boolean) {
  return z.string().transform((value, ctx) => {
    const map: Partial<Record<K, number>> = {};
    for (const part of value
      .split(",")
      .map((p) => p.trim())
      .filter(Boolean)) {
      const [name, hours] = part.split("=").map((p) => p.trim());
      if (!names.includes(name as K) || !/^\d{1,4}$/.test(hours ?? "") || Number(hours) < 1) {
        ctx.addIssue({ code: "custom", message: `"${part}" must be name=hours with a name from ${names.join(", ")} and at least 1 hour` });
        return z.NEVER;
      }
      map[name as K] = Number(hours);
    }
    if (complete && names.some((name) => map[name] === undefined)) {
      ctx.addIssue({ code: "custom", message: `must give hours for each of ${names.join(", ")}` });
      return z.NEVER;
    }
    return map;
  });
}

/**
 * Which proxies' X-Forwarded-* Express believes: a hop count (1 = the one proxy in front) or their addresses and
 * CIDRs ("10.0.0.1,10.1.0.0/16"), never "true" — with true the client writes its own address (X-Forwarded-For's
 * left-most entry is whatever it sent), so per-address limits and logged addresses would be the client's choice.
 */
const trustProxy = z.string().transform((value, ctx): false | number | string[] => {
  const text = value.trim().toLowerCase();
  if (text === "false" || text === "0") return false;
  if (text === "true") {
    ctx.addIssue({
      code: "custom",
      message:
        "true is refused: it lets every client choose its own address with X-Forwarded-For. Set the number of proxies in front of the server (1 for one reverse proxy) or their addresses (e.g. 10.0.0.1 or 10.0.0.0/8), or false without a proxy",
    });
    return z.NEVER;
  }
  if (/^\d{1,2}$/.test(text)) return Number(text);
  const entries = text
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  const bad = entries.find((entry) => !isProxyAddress(entry));
  if (bad !== undefined || entries.length === 0) {
    ctx.addIssue({
      code: "custom",
      message: `must be false, a number of proxies (1) or a list of proxy addresses or CIDRs (${bad ?? "empty"} is not one)`,
    });
    return z.NEVER;
  }
  return entries;
});

function isProxyAddress(entry: string): boolean {
  if (["loopback", "linklocal", "uniquelocal"].includes(entry)) return true; // Express's names for those ranges
  const [address = "", bits, ...rest] = entry.split("/");
  const version = isIP(address);
  if (!version || rest.length) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (version === 4 ? 32 : 128));
}

const port = z.coerce.number({ error: "must be a port number" }).int().min(1).max(65535);

export const EnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: port.default(3000),
    HOST: z.string().min(1).default("127.0.0.1"),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    TRUST_PROXY: trustProxy.default(false),

    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, { error: "must be a postgresql:// URL" })
      .optional(),
    /** A streaming replica of DATABASE_URL for the dashboard's and analytics' reads. Unset: they read the primary. */
    DATABASE_REPLICA_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, { error: "must be a postgresql:// URL" })
      .optional(),
    DATABASE_REPLICA_POOL_MAX: z.coerce.number().int().min(1).max(100).default(4),
    EMBEDDED_PG_DIR: z.string().min(1).default("./data/pg"),
    EMBEDDED_PG_PORT: port.default(5488),
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
    DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
    SEED_ON_FIRST_START: boolean.default(true),

    YUYA_HOSTS: hostList.default(["yuya-kabuki.com", "www.yuya-kabuki.com", "yuya.localhost"]),
    AOBA_HOSTS: hostList.default(["aoba-nekosora.com", "www.aoba-nekosora.com", "aoba.localhost"]),
    ADMIN_HOSTS: hostList.default(["admin.localhost"]),
    INDEX_HOSTS: hostList.default(["localhost", "127.0.0.1"]),
    /** Scheme used for links between the three hosts (https behind a TLS proxy). */
    PUBLIC_SCHEME: z.enum(["http", "https"]).default("http"),
    /** Port in links to the public host names. Unset: none (the scheme's own); *.localhost links use PORT. */
    PUBLIC_PORT: port.optional(),

    SESSION_SECRET: z.string().min(32, { error: "must be at least 32 characters" }).optional(),
    /** Key of the blind index (keyed HMAC) used to look up personal data such as emails. */
    PII_HASH_KEY: z.string().min(32, { error: "must be at least 32 characters" }).optional(),
    /**
     * Keys for personal data at rest (AES-256-GCM): "v1:<base64 of 32 bytes>,v2:…". Every listed version
     * can be read; new data is written with PII_KEY_VERSION (default: the highest). Unset outside
     * production: a development key.
     */
    PII_ENCRYPTION_KEYS: z
      .string()
      .transform((value, ctx) => {
        const keys = new Map<number, Buffer>();
        for (const entry of value
          .split(",")
          .map((part) => part.trim())
          .filter(Boolean)) {
          const match = /^v(\d{1,4}):([A-Za-z0-9+/_-]+={0,2})$/.exec(entry);
          const key = match ? Buffer.from(match[2]!, "base64") : null;
          if (!match || key?.length !== 32) {
            ctx.addIssue({ code: "custom", message: `each entry must be v<number>:<base64 of 32 bytes> (${entry.slice(0, 6)}… is not)` });
            return z.NEVER;
          }
          keys.set(Number(match[1]), key);
        }
        if (keys.size === 0) ctx.addIssue({ code: "custom", message: "lists no key" });
        return keys;
      })
      .optional(),
    PII_KEY_VERSION: z.coerce.number().int().min(1).optional(),
    /** Days a sign-in lasts without activity. */
    SESSION_MAX_AGE_DAYS: z.coerce.number().int().min(1).max(365).default(30),
    /** Accounts that are made ADMIN when they sign in (the first admin of a new installation). */
    ADMIN_EMAILS: emailList.default([]),

    GITHUB_CLIENT_ID: z.string().min(1).optional(),
    GITHUB_CLIENT_SECRET: z.string().min(1).optional(),
    GITHUB_AUTHORIZE_URL: httpUrl.default("https://github.com/login/oauth/authorize"),
    GITHUB_TOKEN_URL: httpUrl.default("https://github.com/login/oauth/access_token"),
    GITHUB_USER_URL: httpUrl.default("https://api.github.com/user"),
    GITHUB_EMAILS_URL: httpUrl.default("https://api.github.com/user/emails"),
    DISCORD_CLIENT_ID: z.string().min(1).optional(),
    DISCORD_CLIENT_SECRET: z.string().min(1).optional(),
    DISCORD_AUTHORIZE_URL: httpUrl.default("https://discord.com/api/oauth2/authorize"),
    DISCORD_TOKEN_URL: httpUrl.default("https://discord.com/api/oauth2/token"),
    DISCORD_USER_URL: httpUrl.default("https://discord.com/api/v10/users/@me"),

    /** smtp:// or smtps:// URL with credentials. Unset: mail is written to OUTBOX_DIR as .eml files. */
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, { error: "must be an smtp:// or smtps:// URL" })
      .optional(),
    MAIL_FROM: z.string().min(3).default("Kizuna CRM <no-reply@kizuna.localhost>"),
    OUTBOX_DIR: z.string().min(1).default("./data/outbox"),

    /** Requests per minute and client address to /api (users get twice that), and sign-in attempts per minute. */
    RATE_LIMIT_API_PER_MINUTE: z.coerce.number().int().min(1).default(300),
    RATE_LIMIT_SIGN_IN_PER_MINUTE: z.coerce.number().int().min(1).default(20),

    /** Where inquiry and deliverable attachments are stored. */
    UPLOAD_DIR: z.string().min(1).default("./data/uploads"),
    /** Files per inquiry, and bytes per file. */
    ATTACHMENT_MAX_FILES: z.coerce.number().int().min(0).max(50).default(5),
    ATTACHMENT_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(1024 * 1024 * 1024)
      .default(10 * 1024 * 1024),

    /** Hours to a first response by priority ("urgent=4,high=24,medium=48,low=72"). */
    INQUIRY_SLA_HOURS: hoursMap(["urgent", "high", "medium", "low"], true).default({ urgent: 4, high: 24, medium: 48, low: 72 }),
    /** Tighter limits by inquiry type; the smaller of the two applies ("technical_support=24,bug_report=24"). */
    INQUIRY_SLA_HOURS_BY_TYPE: hoursMap(
      ["general", "technical_support", "business", "collaboration", "licensing", "bug_report"],
      false,
    ).default({
      technical_support: 24,
      bug_report: 24,
    }),
    /** Stripe (Checkout and webhooks). Unset: the shop shows its products but cannot take payments. */
    STRIPE_SECRET_KEY: z
      .string()
      .regex(/^(sk|rk)_(test|live)_\w+$/, { error: "must be a Stripe secret key (sk_test_… or sk_live_…)" })
      .optional(),
    STRIPE_WEBHOOK_SECRET: z
      .string()
      .regex(/^whsec_\w+$/, { error: "must be a webhook signing secret (whsec_…)" })
      .optional(),
    /** Where the Stripe API is (only for a local stand-in in tests; default Stripe itself). */
    STRIPE_API_BASE: z.url({ error: "must be a URL" }).optional(),
    /** Where the files of digital products live (products.file_url is relative to it). */
    PRODUCT_FILES_DIR: z.string().min(1).default("./data/products"),
    /** How long a download link on the account page stays valid. */
    DOWNLOAD_LINK_MINUTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60)
      .default(30),
    /** An embedded form sent sooner than this after it appeared is a bot's: dropped with a fake success. */
    EMBED_MIN_FILL_MS: z.coerce.number().int().min(0).max(600_000).default(2500),
    /** A content view (or share, download) repeated from the same visitor session within this many minutes is counted once. */
    CONTENT_EVENT_WINDOW_MINUTES: z.coerce
      .number()
      .int()
      .min(0)
      .max(24 * 60)
      .default(30),
    /** Run the scheduled jobs (rollups, KPIs) in this process. Off for extra web-only instances. */
    JOBS_ENABLED: boolean.default(true),
    /** An OpenAI-compatible API (base URL ending before /models, e.g. https://api.openai.com/v1) and its key; checked by /api/health. */
    AI_API_BASE_URL: z.url({ error: "must be a URL" }).optional(),
    AI_API_KEY: z.string().min(1).optional(),
    /** Bearer token for /metrics from elsewhere than this machine (loopback needs none). Unset: loopback only. */
    METRICS_TOKEN: z.string().min(16, { error: "must be at least 16 characters" }).optional(),
    /** Requests slower than this are logged as warnings and counted. */
    SLOW_REQUEST_MS: z.coerce.number().int().min(1).default(1000),
    /** How long each health check may take before it counts as down. */
    HEALTH_TIMEOUT_MS: z.coerce.number().int().min(50).max(30_000).default(2000),
    /** How long anyone but an admin is answered from the last health check instead of a new one (0: always a new one). */
    HEALTH_CACHE_MS: z.coerce.number().int().min(0).max(300_000).default(15_000),
    /** Where the daily backups go, and how many days they are kept (the newest is always kept). */
    BACKUP_DIR: z.string().min(1).default("./data/backups"),
    BACKUP_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(14),
    /** Retention of audit logs, raw analytics events (their daily rollups stay), processed webhook ids and finished CSV imports. */
    AUDIT_RETENTION_DAYS: z.coerce.number().int().min(30).max(3650).default(365),
    ANALYTICS_RETENTION_DAYS: z.coerce.number().int().min(30).max(3650).default(400),
    WEBHOOK_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
    IMPORT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
    /** Attempts per job run, and the delay before the first retry (doubling after each). */
    JOB_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
    JOB_RETRY_DELAY_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
    /** Other schedules for jobs ("report.daily=0 8 * * *;backup.database=30 3 * * *"; cron with optional seconds, Asia/Tokyo). */
    JOB_SCHEDULES: z
      .string()
      .default("")
      .transform((value, ctx) => {
        const schedules: Record<string, string> = {};
        for (const part of value
          .split(";")
          .map((p) => p.trim())
          .filter(Boolean)) {
          const [name, pattern] = part.split("=").map((p) => p.trim());
          if (!name || !pattern || !/^(\S+\s+){4,5}\S+$/.test(pattern)) {
            ctx.addIssue({ code: "custom", message: `"${part}" is not job=cron pattern` });
            return z.NEVER;
          }
          schedules[name] = pattern;
        }
        return schedules;
      }),
    /** Redis for rate limits and jobs shared across instances. Unset: in-process memory. */
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\//, { error: "must be a redis:// URL" })
      .optional(),

    /**
     * The HTTP server's own limits: a client must send its headers within HTTP_HEADERS_TIMEOUT_MS and the whole
     * request within HTTP_REQUEST_TIMEOUT_MS; an idle keep-alive connection is closed after HTTP_KEEP_ALIVE_TIMEOUT_MS
     * (keep it above the proxy's idle timeout for upstream connections if the proxy reuses them); at most
     * HTTP_MAX_CONNECTIONS sockets at once (more are refused).
     */
    HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(15_000),
    HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).max(3_600_000).default(120_000),
    HTTP_KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(5_000),
    HTTP_MAX_CONNECTIONS: z.coerce.number().int().min(16).max(1_000_000).default(4096),
    /** On SIGTERM: how long requests in flight may take to finish before their connections are cut. */
    SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(25_000),
  })
  .superRefine(
    (env, ctx) => {
      const seen = new Map<string, string>();
      for (const key of ["YUYA_HOSTS", "AOBA_HOSTS", "ADMIN_HOSTS", "INDEX_HOSTS"] as const) {
        if (!Array.isArray(env[key])) continue; // already reported
        for (const host of env[key]) {
          const other = seen.get(host);
          if (other) ctx.addIssue({ code: "custom", path: [key], message: `host ${host} is also listed in ${other}` });
          seen.set(host, key);
        }
        if (key !== "INDEX_HOSTS" && env[key].length === 0) {
          ctx.addIssue({ code: "custom", path: [key], message: "must list at least one host" });
        }
      }
      if (env.PII_KEY_VERSION !== undefined && env.PII_ENCRYPTION_KEYS && !env.PII_ENCRYPTION_KEYS.has(env.PII_KEY_VERSION)) {
        ctx.addIssue({ code: "custom", path: ["PII_KEY_VERSION"], message: `v${env.PII_KEY_VERSION} is not in PII_ENCRYPTION_KEYS` });
      }
      for (const secret of ["SESSION_SECRET", "PII_HASH_KEY", "PII_ENCRYPTION_KEYS"] as const) {
        if (env.NODE_ENV === "production" && !env[secret]) {
          ctx.addIssue({ code: "custom", path: [secret], message: "is required in production" });
        }
      }
      if (env.HTTP_HEADERS_TIMEOUT_MS > env.HTTP_REQUEST_TIMEOUT_MS) {
        ctx.addIssue({ code: "custom", path: ["HTTP_HEADERS_TIMEOUT_MS"], message: "must not be longer than HTTP_REQUEST_TIMEOUT_MS" });
      }
      if (env.DATABASE_REPLICA_URL && !env.DATABASE_URL) {
        ctx.addIssue({
          code: "custom",
          path: ["DATABASE_REPLICA_URL"],
          message: "is a replica of DATABASE_URL: set DATABASE_URL too (the embedded database has no replica)",
        });
      }
      for (const provider of ["GITHUB", "DISCORD"] as const) {
        if (Boolean(env[`${provider}_CLIENT_ID`]) !== Boolean(env[`${provider}_CLIENT_SECRET`])) {
          ctx.addIssue({
            code: "custom",
            path: [`${provider}_CLIENT_SECRET`],
            message: `set both ${provider}_CLIENT_ID and ${provider}_CLIENT_SECRET, or neither`,
          });
        }
      }
    },
    // Cross-field rules run even when a field is already wrong, so one run lists every problem.
    { when: () => true },
  );

export type Env = z.infer<typeof EnvSchema>;

export class EnvError extends Error {
  override name = "EnvError";
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  // An empty variable means "not set", as in most .env tooling.
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ""));
  const result = EnvSchema.safeParse(present);
  if (!result.success) {
    throw new EnvError(result.error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`));
  }
  return result.data;
}

let cached: Env | undefined;

/** Forgets the parsed configuration (after the server put the secrets file's values into process.env). */
export function resetEnv(): void {
  cached = undefined;
}

/** The process configuration, parsed on first use. */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
