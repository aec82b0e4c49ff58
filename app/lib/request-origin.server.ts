// Where a request came from, as the audit log and the services record it: the client's address (as Express saw
// it, honouring TRUST_PROXY — server/app.ts passes it on in a header of its own) and its user agent.

export interface RequestOrigin {
  ip: string | null;
  userAgent: string | null;
}

/** The client's address as Express saw it (never a header the client sent). */
export function clientIp(request: Request): string | null {
  return request.headers.get("x-kizuna-client-ip") || null;
}

export function requestOrigin(request: Request): RequestOrigin {
  return { ip: clientIp(request), userAgent: request.headers.get("user-agent") };
}
