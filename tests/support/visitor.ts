// A tiny cookie-keeping client for driving sign-in flows over HTTP, per host, as a browser would.
import type { RunningServer, TestResponse } from "./server.ts";

export class Visitor {
  private readonly jars = new Map<string, Map<string, string>>();
  constructor(private readonly server: RunningServer) {}

  /** Cookies for a host ("yuya", "aoba", "admin"), as a Cookie header. */
  cookies(host: string): string {
    return [...(this.jars.get(host) ?? new Map()).entries()].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  setCookie(host: string, name: string, value: string): void {
    const jar = this.jars.get(host) ?? new Map<string, string>();
    jar.set(name, value);
    this.jars.set(host, jar);
  }

  private remember(host: string, res: TestResponse): void {
    const setCookies = res.headers["set-cookie"] ?? [];
    for (const line of setCookies) {
      const [pair, ...attributes] = line.split(";");
      const [name, ...rest] = pair!.split("=");
      const value = rest.join("=");
      const expired = attributes.some((a) => /max-age=0\b/i.test(a.trim()) || /expires=thu, 01 jan 1970/i.test(a.trim()));
      const jar = this.jars.get(host) ?? new Map<string, string>();
      if (expired || value === "") jar.delete(name!.trim());
      else jar.set(name!.trim(), value);
      this.jars.set(host, jar);
    }
  }

  async get(host: string, path: string, headers: Record<string, string> = {}): Promise<TestResponse> {
    const res = await this.server.request({ host, path, headers: { cookie: this.cookies(host), ...headers } });
    this.remember(host, res);
    return res;
  }

  async post(host: string, path: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<TestResponse> {
    const res = await this.server.request({
      host,
      path,
      method: "POST",
      headers: {
        cookie: this.cookies(host),
        "content-type": "application/x-www-form-urlencoded",
        origin: new URL(this.server.url(host)).origin,
        ...headers,
      },
      body: new URLSearchParams(form).toString(),
    });
    this.remember(host, res);
    return res;
  }

  /** Follows an absolute redirect to another server (the OAuth stand-in) without following further. */
  static async visitExternal(location: string): Promise<string> {
    const res = await fetch(location, { redirect: "manual" });
    const next = res.headers.get("location");
    if (!next) throw new Error(`no redirect from ${location}: ${res.status} ${await res.text()}`);
    return next;
  }
}

/** The path and query of an absolute URL on our server. */
export function pathOf(location: string): string {
  const url = new URL(location, "http://x");
  return url.pathname + url.search;
}
