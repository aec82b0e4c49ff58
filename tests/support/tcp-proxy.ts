// A TCP forwarder between a server and its PostgreSQL, able to lose its connections the way a network does
// when the database's host or container goes away: the client is told nothing, and learns only when it next
// writes (a reset), as after a restart behind a container network, a failover address or a NAT.
import net from "node:net";

export interface TcpProxy {
  port: number;
  /** Every open connection is lost: the database side closed, the client side left open until it writes. */
  loseConnections(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number, host = "127.0.0.1"): Promise<TcpProxy> {
  const pairs = new Set<{ client: net.Socket; upstream: net.Socket; lost: boolean }>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, host);
    const pair = { client, upstream, lost: false };
    pairs.add(pair);
    client.on("data", (chunk) => (pair.lost ? client.resetAndDestroy() : upstream.write(chunk)));
    upstream.on("data", (chunk) => pair.lost || client.write(chunk));
    upstream.on("close", () => pair.lost || client.destroy());
    client.on("close", () => {
      pairs.delete(pair);
      upstream.destroy();
    });
    client.on("error", () => upstream.destroy());
    upstream.on("error", () => pair.lost || client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    loseConnections() {
      for (const pair of pairs) {
        pair.lost = true;
        pair.upstream.destroy();
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const { client, upstream } of pairs) {
          client.destroy();
          upstream.destroy();
        }
        server.close(() => resolve());
      }),
  };
}
