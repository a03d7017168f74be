import {
  type AshbyCustomField,
  DEFAULT_PUSH_SETTINGS,
  type PutPushSettingsRequest,
  PutPushSettingsRequestSchema,
} from "@ashby-kit/shared";
import { and, eq, inArray, isNull, lte, or, sql } from "drizzle-orm";
import { CustomFieldDefinitionSchema } from "../ashby";
import type { Db } from "../db/client";
import { pushSettings, pushTags, pushTargets, syncedRecords, type WriteRow, writes } from "../db/schema";
import { claimableAt, claimChanges } from "../writeback/ledger";
import { describeCustomField } from "./custom-field-definitions";
import type { TargetState } from "./plan";

/** Small named queries of push-back. D1 allows 100 bound parameters per statement, so id lists are chunked. */

export const PUSH_WRITE_KINDS = ["custom_field", "tag", "note"] as const;
const IN_CHUNK = 90;

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export type StoredPushSettings = {
  settings: PutPushSettingsRequest;
  updatedAt: number | null;
  updatedBy: { type: "user" | "tenant" | "system"; email: string | null } | null;
};

export async function loadPushSettings(db: Db, workspaceId: string): Promise<StoredPushSettings> {
  const [row] = await db
    .select()
    .from(pushSettings)
    .where(eq(pushSettings.workspaceId, workspaceId))
    .limit(1);
  if (!row) return { settings: DEFAULT_PUSH_SETTINGS, updatedAt: null, updatedBy: null };
  const parsed = PutPushSettingsRequestSchema.safeParse(row.settings);
  // Stored settings were validated on save; a row that no longer parses (an older contract) reads as defaults.
  return {
    settings: parsed.success ? parsed.data : DEFAULT_PUSH_SETTINGS,
    updatedAt: row.updatedAt,
    updatedBy: { type: row.updatedByType, email: row.updatedByEmail },
  };
}

export async function savePushSettings(
  db: Db,
  workspaceId: string,
  settings: PutPushSettingsRequest,
  actor: { type: "user" | "tenant" | "system"; email: string | null },
  nowMs: number,
): Promise<void> {
  const values = {
    settings: settings as unknown as Record<string, unknown>,
    updatedAt: nowMs,
    updatedByType: actor.type,
    updatedByEmail: actor.email,
  };
  await db
    .insert(pushSettings)
    .values({ workspaceId, ...values })
    .onConflictDoUpdate({ target: pushSettings.workspaceId, set: values });
}

/** The workspace's custom field definitions as last synced (entity `custom_fields` of the sync engine). */
export async function loadCustomFields(db: Db, connectionId: string): Promise<AshbyCustomField[]> {
  const rows = await db
    .select({ data: syncedRecords.data })
    .from(syncedRecords)
    .where(
      and(
        eq(syncedRecords.connectionId, connectionId),
        eq(syncedRecords.entity, "custom_fields"),
        isNull(syncedRecords.deletedAt),
      ),
    );
  const fields: AshbyCustomField[] = [];
  for (const row of rows) {
    const parsed = CustomFieldDefinitionSchema.safeParse(JSON.parse(row.data));
    if (parsed.success) fields.push(describeCustomField(parsed.data));
  }
  return fields.sort((a, b) => a.title.localeCompare(b.title) || a.id.localeCompare(b.id));
}

/** Application id → its candidate's id, from synced applications. */
export async function candidatesOfApplications(
  db: Db,
  connectionId: string,
  applicationIds: readonly string[],
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const ids of chunk([...new Set(applicationIds)], IN_CHUNK)) {
    const rows = await db
      .select({
        ashbyId: syncedRecords.ashbyId,
        candidateId: sql<string | null>`json_extract(${syncedRecords.data}, '$.candidate.id')`,
      })
      .from(syncedRecords)
      .where(
        and(
          eq(syncedRecords.connectionId, connectionId),
          eq(syncedRecords.entity, "applications"),
          inArray(syncedRecords.ashbyId, ids),
        ),
      );
    for (const row of rows) if (row.candidateId) found.set(row.ashbyId, row.candidateId);
  }
  return found;
}

export type TargetRow = typeof pushTargets.$inferSelect;

export async function loadTargets(
  db: Db,
  connectionId: string,
  targetKeys: readonly string[],
): Promise<Map<string, TargetRow>> {
  const out = new Map<string, TargetRow>();
  for (const keys of chunk([...new Set(targetKeys)], IN_CHUNK)) {
    const rows = await db
      .select()
      .from(pushTargets)
      .where(and(eq(pushTargets.connectionId, connectionId), inArray(pushTargets.targetKey, keys)));
    for (const row of rows) out.set(row.targetKey, row);
  }
  return out;
}

export function toTargetState(row: TargetRow | undefined, targetKey: string): TargetState {
  return {
    targetKey,
    writtenContentKey: row?.writtenContentKey ?? null,
    writtenTagId: row?.writtenTagId ?? null,
    writtenTagTitle: row?.writtenTagTitle ?? null,
  };
}

/** Statuses of the given writes (to tell whether a target's desired write is still on its way). */
export async function writeStatuses(
  db: Db,
  ids: readonly string[],
): Promise<Map<string, WriteRow["status"]>> {
  const out = new Map<string, WriteRow["status"]>();
  for (const part of chunk([...new Set(ids)], IN_CHUNK)) {
    const rows = await db
      .select({ id: writes.id, status: writes.status })
      .from(writes)
      .where(inArray(writes.id, part));
    for (const row of rows) out.set(row.id, row.status);
  }
  return out;
}

/** Record what Ashby accepted for a target. `written*` only; the desired write stays whatever is newest. */
export async function recordWritten(
  db: Db,
  connectionId: string,
  targetKey: string,
  written: { contentKey: string | null; tagId: string | null; tagTitle: string | null; writeId: string },
  nowMs: number,
): Promise<void> {
  const values = {
    writtenContentKey: written.contentKey,
    writtenTagId: written.tagId,
    writtenTagTitle: written.tagTitle,
    writtenWriteId: written.writeId,
    writtenAt: nowMs,
    updatedAt: nowMs,
  };
  await db
    .insert(pushTargets)
    .values({ connectionId, targetKey, ...values })
    .onConflictDoUpdate({ target: [pushTargets.connectionId, pushTargets.targetKey], set: values });
}

/** The pending push writes of one candidate in one push: processed together so fields of one object share a call. */
export async function findGroup(db: Db, row: WriteRow, nowMs: number): Promise<WriteRow[]> {
  const candidateId = row.target.candidateId;
  if (typeof candidateId !== "string" || row.sourceId === null) return [row];
  return db
    .select()
    .from(writes)
    .where(
      and(
        eq(writes.workspaceId, row.workspaceId),
        inArray(writes.kind, [...PUSH_WRITE_KINDS]),
        eq(writes.sourceId, row.sourceId),
        sql`json_extract(${writes.target}, '$.candidateId') = ${candidateId}`,
        or(
          inArray(writes.status, ["queued", "held"]),
          and(eq(writes.status, "sending"), lte(writes.leaseUntil, nowMs)),
        ),
      ),
    );
}

/** Claim several rows for one attempt, with the ledger's rule (queued/held, or sending with a lapsed lease). */
export async function claimWrites(
  db: Db,
  ids: readonly string[],
  nowMs: number,
  leaseMs: number,
): Promise<WriteRow[]> {
  if (ids.length === 0) return [];
  const claimed: WriteRow[] = [];
  for (const part of chunk(ids, IN_CHUNK)) {
    const rows = await db
      .update(writes)
      .set(claimChanges(nowMs, leaseMs))
      .where(and(inArray(writes.id, part), claimableAt(nowMs)))
      .returning();
    claimed.push(...rows);
  }
  return claimed;
}

/** The tag id of a placeholder row: another attempt is creating the tag right now. */
const PLACEHOLDER = "";

export async function findTag(
  db: Db,
  connectionId: string,
  title: string,
): Promise<{ tagId: string; title: string } | { pendingSince: number } | null> {
  const [cached] = await db
    .select()
    .from(pushTags)
    .where(and(eq(pushTags.connectionId, connectionId), eq(pushTags.titleKey, title.toLowerCase())))
    .limit(1);
  if (cached)
    return cached.tagId === PLACEHOLDER
      ? { pendingSince: cached.createdAt }
      : { tagId: cached.tagId, title: cached.title };
  // The synced tag catalogue: an existing (non-archived) tag with this title is reused, never duplicated.
  const [synced] = await db
    .select({
      ashbyId: syncedRecords.ashbyId,
      title: sql<string>`json_extract(${syncedRecords.data}, '$.title')`,
    })
    .from(syncedRecords)
    .where(
      and(
        eq(syncedRecords.connectionId, connectionId),
        eq(syncedRecords.entity, "candidate_tags"),
        isNull(syncedRecords.deletedAt),
        sql`lower(json_extract(${syncedRecords.data}, '$.title')) = ${title.toLowerCase()}`,
        sql`coalesce(json_extract(${syncedRecords.data}, '$.isArchived'), 0) = 0`,
      ),
    )
    .limit(1);
  return synced ? { tagId: synced.ashbyId, title: synced.title } : null;
}

/**
 * Take the right to create a tag: one placeholder row per title and connection, so parallel attempts for many
 * candidates create a new tag once instead of each calling candidateTag.create. A placeholder older than
 * `staleMs` (its creator died) is taken over.
 */
export async function claimTagCreation(
  db: Db,
  connectionId: string,
  title: string,
  nowMs: number,
  staleMs: number,
): Promise<boolean> {
  const inserted = await db
    .insert(pushTags)
    .values({
      connectionId,
      titleKey: title.toLowerCase(),
      tagId: PLACEHOLDER,
      title,
      origin: "created",
      createdAt: nowMs,
    })
    .onConflictDoNothing()
    .returning({ titleKey: pushTags.titleKey });
  if (inserted.length > 0) return true;
  const taken = await db
    .update(pushTags)
    .set({ createdAt: nowMs })
    .where(
      and(
        eq(pushTags.connectionId, connectionId),
        eq(pushTags.titleKey, title.toLowerCase()),
        eq(pushTags.tagId, PLACEHOLDER),
        lte(pushTags.createdAt, nowMs - staleMs),
      ),
    )
    .returning({ titleKey: pushTags.titleKey });
  return taken.length > 0;
}

export async function releaseTagClaim(db: Db, connectionId: string, title: string): Promise<void> {
  await db
    .delete(pushTags)
    .where(
      and(
        eq(pushTags.connectionId, connectionId),
        eq(pushTags.titleKey, title.toLowerCase()),
        eq(pushTags.tagId, PLACEHOLDER),
      ),
    );
}

export async function rememberTag(
  db: Db,
  connectionId: string,
  tag: { tagId: string; title: string },
  origin: "created" | "found",
  nowMs: number,
): Promise<void> {
  const values = { tagId: tag.tagId, title: tag.title, origin, createdAt: nowMs };
  await db
    .insert(pushTags)
    .values({ connectionId, titleKey: tag.title.toLowerCase(), ...values })
    .onConflictDoUpdate({ target: [pushTags.connectionId, pushTags.titleKey], set: values });
}
