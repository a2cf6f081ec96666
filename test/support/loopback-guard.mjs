import net from "node:net";

/**
 * Preloaded into the app's process by the end-to-end tests (`node --import`): every TCP
 * connection (node:http, fetch/undici, anything built on node:net) must go to the loopback
 * range. Any other destination is refused before a packet leaves, and reported on stderr with
 * LOOPBACK_GUARD so the test fails on it. Plain JavaScript: the app runs compiled, without tsx.
 */
const LOOPBACK = /^(?:127(?:\.\d{1,3}){3}|::1|localhost|::ffff:127(?:\.\d{1,3}){3})$/i;

const connect = net.Socket.prototype.connect;

/** The host a Socket#connect call targets; undefined for a Unix socket path. */
function destination(args) {
  const [first, second] = args;
  if (Array.isArray(first)) return destination(first);
  if (typeof first === "object" && first !== null) {
    if (first.path) return undefined;
    return first.host ?? "localhost";
  }
  if (typeof first === "number" || (typeof first === "string" && /^\d+$/.test(first))) return typeof second === "string" ? second : "localhost";
  return undefined;
}

net.Socket.prototype.connect = function guardedConnect(...args) {
  const host = destination(args);
  if (host !== undefined && !LOOPBACK.test(host)) {
    const error = new Error(`LOOPBACK_GUARD: refused a connection to ${host} (end-to-end tests stay on 127.0.0.1)`);
    process.stderr.write(`${error.message}\n`);
    process.nextTick(() => this.destroy(error));
    return this;
  }
  return connect.apply(this, args);
};
