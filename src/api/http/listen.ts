// Binding the two kinds of Supervisor HTTP server: a TCP port, and a unix socket whose stale file
// from a previous run is removed first (else EADDRINUSE) and whose mode and owner are applied
// after binding (CFG-UH-02/03).

import { chmodSync, chownSync, lstatSync, unlinkSync } from "node:fs";
import type { Server } from "node:http";
import { connect } from "node:net";
import type { AddressInfo } from "node:net";
import type { HttpServerConfig } from "../../config/model.ts";

type InetConfig = Extract<HttpServerConfig, { kind: "inet" }>;
type UnixConfig = Extract<HttpServerConfig, { kind: "unix" }>;

function where(config: HttpServerConfig): string {
  return `${config.source.file}:${config.source.line}`;
}

function listen(server: Server, bind: () => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (e: Error): void => reject(e);
    server.once("error", onError);
    server.once("listening", () => {
      server.off("error", onError);
      resolve();
    });
    bind();
  });
}

/** Listens on host:port (empty host = all interfaces; port 0 = any free port, reported back). */
export async function listenInet(server: Server, config: InetConfig): Promise<{ host: string; port: number }> {
  try {
    await listen(server, () => {
      if (config.host === "") server.listen(config.port);
      else server.listen(config.port, config.host);
    });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new Error(
      `cannot listen on ${config.host || "*"}:${config.port} ([inet_http_server] at ${where(config)}): ${code}` +
        (code === "EADDRINUSE" ? " (another program is already listening on this port)" : ""),
    );
  }
  const address = server.address() as AddressInfo;
  return { host: config.host === "" ? address.address : config.host, port: address.port };
}

/** True when something accepts connections on the socket file. */
function socketIsLive(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = connect(path);
    probe.once("connect", () => {
      probe.destroy();
      resolve(true);
    });
    probe.once("error", () => resolve(false));
  });
}

/** Removes a socket file left by a dead server; refuses to touch a live one or a non-socket. */
async function clearStaleSocket(config: UnixConfig): Promise<void> {
  let isSocket: boolean;
  try {
    isSocket = lstatSync(config.file).isSocket();
  } catch {
    return; // nothing there
  }
  if (!isSocket) {
    throw new Error(`cannot use ${config.file} as unix socket ([unix_http_server] at ${where(config)}): it exists and is not a socket`);
  }
  if (await socketIsLive(config.file)) {
    throw new Error(
      `another program is already listening on ${config.file} ([unix_http_server] at ${where(config)})`,
    );
  }
  unlinkSync(config.file);
}

/** Listens on the socket file; returns the cleanup that removes it after close. */
export async function listenUnix(server: Server, config: UnixConfig): Promise<() => void> {
  await clearStaleSocket(config);
  try {
    await listen(server, () => server.listen(config.file));
    chmodSync(config.file, config.chmod);
    if (config.chown !== null) chownSync(config.file, config.chown.uid, config.chown.gid);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err instanceof Error ? err.message : String(err));
    server.close();
    throw new Error(`cannot listen on unix socket ${config.file} ([unix_http_server] at ${where(config)}): ${code}`);
  }
  return () => {
    try {
      unlinkSync(config.file);
    } catch {
      // already gone
    }
  };
}
