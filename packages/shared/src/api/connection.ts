import { z } from "zod";
import { PermissionIdSchema } from "./requirements";
import { EmailSchema, WorkspaceExternalIdSchema } from "./tenants";

export const CONNECTION_STATUSES = [
  "not_connected",
  "active",
  "paused",
  "needs_reauth",
  "disconnected",
] as const;
export const ConnectionStatusSchema = z.enum(CONNECTION_STATUSES).meta({
  id: "ConnectionStatus",
  description:
    "not_connected: never connected. active: syncing and writing. paused: key and data kept, nothing runs. " +
    "needs_reauth: Ashby refused the stored key; reconnect with a valid one. disconnected: key wiped, data kept unless purged.",
});
export type ConnectionStatus = z.infer<typeof ConnectionStatusSchema>;

export const SYNC_INTERVALS = ["6h", "12h", "24h"] as const;
export const SyncIntervalSchema = z.enum(SYNC_INTERVALS).meta({ id: "SyncInterval" });
export type SyncInterval = z.infer<typeof SyncIntervalSchema>;
export const DEFAULT_SYNC_INTERVAL: SyncInterval = "24h";
export const SYNC_INTERVAL_SECONDS: Record<SyncInterval, number> = {
  "6h": 6 * 3600,
  "12h": 12 * 3600,
  "24h": 24 * 3600,
};

export const ActorTypeSchema = z.enum(["user", "tenant", "system"]).meta({
  id: "ActorType",
  description:
    "user: a person via a session token (or a secret-key call naming X-Acting-User-Email). tenant: the host " +
    "backend's secret key. system: the kit itself (e.g. Ashby refused the key during a sync).",
});
export type ActorType = z.infer<typeof ActorTypeSchema>;

/** The workspace's Ashby connection as widgets and partners see it. Never carries the API key. */
export const ConnectionSchema = z
  .object({
    workspaceId: WorkspaceExternalIdSchema,
    status: ConnectionStatusSchema,
    syncInterval: SyncIntervalSchema,
    permissions: z.object({
      /** Every permission the key reported, as spec identifiers (`candidatesRead`), unknown scopes kept raw. */
      granted: z.array(z.string()),
      /** Permissions the kit needs that the key lacked when it was last checked. */
      missing: z.array(PermissionIdSchema),
      /** False when Ashby did not report the key's scopes, so the check above could not be made. */
      verified: z.boolean(),
    }),
    apiKeyTitle: z.string().nullable(),
    adminEmail: z.string().nullable(),
    connectedBy: z.object({ type: ActorTypeSchema, email: z.string().nullable() }).nullable(),
    connectedAt: z.iso.datetime().nullable(),
    pausedAt: z.iso.datetime().nullable(),
    disconnectedAt: z.iso.datetime().nullable(),
    needsReauth: z
      .object({ code: z.string(), message: z.string(), at: z.iso.datetime() })
      .nullable()
      .describe("Why Ashby refused the stored key, when status is needs_reauth."),
    lastSyncAt: z.iso.datetime().nullable(),
    nextSyncAt: z.iso.datetime().nullable(),
  })
  .meta({ id: "Connection" });
export type Connection = z.infer<typeof ConnectionSchema>;

export const ConnectAshbyRequestSchema = z
  .strictObject({
    apiKey: z.string().trim().min(8).max(512),
    adminEmail: EmailSchema.optional(),
    syncInterval: SyncIntervalSchema.optional(),
  })
  .meta({ id: "ConnectAshbyRequest" });
export type ConnectAshbyRequest = z.infer<typeof ConnectAshbyRequestSchema>;

export const UpdateConnectionRequestSchema = z
  .strictObject({
    syncInterval: SyncIntervalSchema.optional(),
    paused: z.boolean().optional(),
  })
  .refine((body) => body.syncInterval !== undefined || body.paused !== undefined, {
    message: "Send at least one of syncInterval, paused.",
  })
  .meta({ id: "UpdateConnectionRequest" });
export type UpdateConnectionRequest = z.infer<typeof UpdateConnectionRequestSchema>;

export const DisconnectQuerySchema = z.object({
  purge: z
    .enum(["true", "false"])
    .optional()
    .describe("true also deletes the data synced from Ashby; by default it stays readable."),
});
export type DisconnectQuery = z.infer<typeof DisconnectQuerySchema>;
