import { type AshbyClient, type AshbyFetch, createAshbyClient } from "./ashby";
import { createSigningKeyring, type SigningKeyring } from "./auth/signing-keys";
import {
  type ConnectionAccessError,
  openConnectionClient,
  type StoredConnectionKey,
} from "./connection/ashby-for-connection";
import { type ConnectionHooks, defaultConnectionHooks } from "./connection/hooks";
import { createDb, type Db } from "./db/client";
import type { ParsedEnv } from "./env";
import { type Clock, systemClock } from "./lib/clock";
import { createEncryptor, type Encryptor } from "./lib/crypto";
import { createIds, type Ids } from "./lib/ids";
import { consoleSink, createLogger, type Logger } from "./lib/logger";
import type { Result } from "./lib/result";

/**
 * Everything the app, the cron and the queue consumers need from the outside world, built once per invocation
 * from the parsed env. Code below the handlers receives this and never reads `env`, `fetch` or the clock itself.
 */
export interface Deps {
  config: ParsedEnv;
  db: Db;
  clock: Clock;
  ids: Ids;
  logger: Logger;
  encryptor: Encryptor;
  sessionKeys: SigningKeyring;
  queues: { sync: Queue; syncPages: Queue; writeback: Queue };
  /** An Ashby client for a key the caller holds in plaintext (only while connecting). */
  ashbyWithKey(apiKey: string): AshbyClient;
  /**
   * An Ashby client for a stored connection: refuses unless it is active, and decrypts the key by the id of the
   * key that sealed it. Callers that get a 401/403 back call `handleAshbyAuthFailure` (connection/mark-needs-reauth).
   */
  ashbyFor(connection: StoredConnectionKey): Promise<Result<AshbyClient, ConnectionAccessError>>;
  hooks: ConnectionHooks;
}

export interface DepsOverrides {
  clock?: Clock;
  logger?: Logger;
  /** How Ashby is reached (default: the global `fetch`); the calls go to `config.ASHBY_BASE_URL`. */
  fetch?: AshbyFetch;
  hooks?: ConnectionHooks;
}

export async function createDeps(config: ParsedEnv, overrides: DepsOverrides = {}): Promise<Deps> {
  const clock = overrides.clock ?? systemClock;
  const fetcher: AshbyFetch = overrides.fetch ?? ((url, init) => globalThis.fetch(url, init));
  const encryptor = await createEncryptor(config.ENCRYPTION_KEYS, config.ENCRYPTION_CURRENT_KEY_ID);
  const ashbyWithKey = (apiKey: string) =>
    createAshbyClient({ apiKey, baseUrl: config.ASHBY_BASE_URL, fetch: fetcher });
  return {
    config,
    db: createDb(config.DB),
    clock,
    ids: createIds(clock),
    logger: overrides.logger ?? createLogger(consoleSink, { service: "edge-api" }, () => clock.now()),
    encryptor,
    sessionKeys: await createSigningKeyring(config.SESSION_SIGNING_KEYS, config.SESSION_CURRENT_KEY_ID),
    queues: {
      sync: config.SYNC_QUEUE,
      syncPages: config.SYNC_PAGES_QUEUE,
      writeback: config.WRITEBACK_QUEUE,
    },
    ashbyWithKey,
    ashbyFor: (connection) => openConnectionClient({ encryptor, ashbyWithKey }, connection),
    hooks: overrides.hooks ?? defaultConnectionHooks,
  };
}
