import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { createEmulator, type Emulator, type EmulatorOptions } from "./emulator.ts";

export interface ServeOptions extends Omit<EmulatorOptions, "baseUrl"> {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1: the control API has no auth, so do not listen on public interfaces. */
  host?: string;
}

export interface ServedEmulator {
  /** e.g. http://127.0.0.1:4010 */
  url: string;
  apiKey: string;
  orgId: string;
  emulator: Emulator;
  close(): Promise<void>;
}

/** Serve the emulator over HTTP with @hono/node-server, for partners' CI and for `ashby-emulator` CLI. */
export function serveEmulator(options: ServeOptions = {}): Promise<ServedEmulator> {
  const host = options.host ?? "127.0.0.1";
  let emulator: Emulator | null = null;
  return new Promise((resolve, reject) => {
    const server = serve(
      {
        // The emulator is built once the port is known, so file URLs point at the real origin.
        fetch: (request) => (emulator ? emulator.fetch(request) : new Response("starting", { status: 503 })),
        port: options.port ?? 0,
        hostname: host,
      },
      (info: AddressInfo) => {
        const hostForUrl = host.includes(":") ? `[${host}]` : host;
        const url = `http://${hostForUrl}:${info.port}`;
        const { port: _port, host: _host, ...emulatorOptions } = options;
        emulator = createEmulator({ ...emulatorOptions, baseUrl: url });
        const served = emulator;
        resolve({
          url,
          apiKey: served.apiKey,
          orgId: served.orgId,
          emulator: served,
          close: () =>
            new Promise<void>((done, fail) => {
              // Hung requests (fault "hang") must not keep the server open forever.
              if ("closeAllConnections" in server) server.closeAllConnections();
              server.close((error) => (error ? fail(error) : done()));
            }),
        });
      },
    );
    server.once("error", reject);
    // Node closes an idle keep-alive socket after 5 s, and a client that picks that socket from its pool at that
    // moment sees "connection lost" (workerd does, between a sync run and the next call). Clients' pools idle out
    // sooner than this, so they close first.
    if ("keepAliveTimeout" in server) {
      server.keepAliveTimeout = 120_000;
      server.headersTimeout = 121_000;
    }
  });
}

export type { Emulator, EmulatorOptions } from "./emulator.ts";
