import { createServer, type Server, type Socket, connect } from "node:net";

/**
 * A loopback TCP relay in front of a server (PostgreSQL in the outage test), which the test can
 * take down and bring back: down, it resets every open connection and refuses new ones, as a
 * database that stopped would; up, it relays again on the same port. The shared PostgreSQL that
 * other suites use is never touched.
 */
export interface TcpProxy {
  port: number;
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

export async function tcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const listening = createServer((client) => {
        const upstream = connect(target.port, target.host);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on("close", () => sockets.delete(socket));
          socket.on("error", () => {
            client.destroy();
            upstream.destroy();
          });
        }
        client.pipe(upstream).pipe(client);
      });
      server = listening;
      listening.once("error", reject);
      listening.listen(port, "127.0.0.1", () => resolve((listening.address() as { port: number }).port));
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.resetAndDestroy();
      if (server) server.close(() => resolve());
      else resolve();
      server = undefined;
    });
  const port = await listen(0);
  return { port, down: stop, up: async () => void (await listen(port)), close: stop };
}
