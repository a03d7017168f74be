import type {
  AshbyCustomField,
  CreatePushRequest,
  CreatePushResponse,
  PushItemError,
  PushItemResult,
  WritebackMessage,
} from "@ashby-kit/shared";
import { findConnectionByWorkspace } from "../db/queries/connections";
import { pushTargets, type WriteRow, writes } from "../db/schema";
import type { Deps } from "../deps";
import { ApiError } from "../lib/api-error";
import { sendAll } from "../lib/send-all";
import { contentHash } from "../sync/content-hash";
import { requestHash } from "../writeback/ledger";
import { buildDesiredWrites, type DesiredWrite } from "./desired-writes";
import {
  candidatesOfApplications,
  chunk,
  loadCustomFields,
  loadPushSettings,
  loadTargets,
  writeStatuses,
} from "./store";
import { toWritePayload } from "./write-payload";
import { toWriteView } from "./write-view";

/**
 * `POST /v1/pushes`: validate every item against the saved settings and the synced custom fields, drop targets
 * whose content is already in Ashby (or already on its way), record one ledger row per remaining target write,
 * and enqueue them on `writeback`. Nothing calls Ashby here.
 */

const LIVE_STATUSES = new Set<WriteRow["status"]>(["queued", "held", "sending"]);
/** Statements per D1 batch: each row is one insert and one upsert. */
const DB_BATCH = 50;

export async function acceptPush(
  deps: Deps,
  auth: { workspaceId: string; email: string | null },
  request: CreatePushRequest,
): Promise<CreatePushResponse> {
  const connection = await findConnectionByWorkspace(deps.db, auth.workspaceId);
  if (!connection || connection.status === "disconnected") {
    throw new ApiError(
      "ashby_not_connected",
      "Connect Ashby before pushing: this workspace has no active Ashby connection.",
    );
  }
  // Paused and needs-reauth connections take the push and hold it until they are active again.
  const held = connection.status !== "active";
  const { settings } = await loadPushSettings(deps.db, auth.workspaceId);
  const fields: ReadonlyMap<string, AshbyCustomField> = new Map(
    (await loadCustomFields(deps.db, connection.id)).map((field) => [field.id, field]),
  );

  const needLookup = request.items.flatMap((item) =>
    item.candidateId === undefined && item.applicationId !== undefined ? [item.applicationId] : [],
  );
  const candidateOf = await candidatesOfApplications(deps.db, connection.id, needLookup);
  const errors: PushItemError[] = [];
  const perItem: { result: PushItemResult; writes: DesiredWrite[] }[] = [];
  const seenTargets = new Map<string, number>();

  for (const [index, item] of request.items.entries()) {
    const candidateId =
      item.candidateId ?? (item.applicationId ? candidateOf.get(item.applicationId) : undefined);
    if (candidateId === undefined) {
      errors.push({
        index,
        path: `items.${index}.applicationId`,
        message: `Application ${item.applicationId} is not in the synced data yet; wait for the next sync or send candidateId too.`,
      });
      continue;
    }
    const noteHash = item.note === undefined ? null : await contentHash(item.note);
    const built = buildDesiredWrites({ index, item, candidateId, settings, fields, noteHash });
    errors.push(...built.errors);
    for (const write of built.writes) {
      const first = seenTargets.get(write.targetKey);
      if (first !== undefined) {
        errors.push({
          index,
          path: `items.${index}`,
          message: `Items ${first} and ${index} both write ${write.targetKey}; send one item per candidate and application.`,
        });
      } else {
        seenTargets.set(write.targetKey, index);
      }
    }
    perItem.push({
      result: {
        index,
        candidateId,
        applicationId: item.applicationId ?? null,
        writeIds: [],
        unchanged: [],
        skipped: built.skipped,
      },
      writes: built.writes,
    });
  }
  if (errors.length > 0) {
    throw new ApiError(
      "invalid_request",
      `${errors.length} output(s) cannot be pushed; nothing was queued.`,
      {
        items: errors,
      },
    );
  }

  const targets = await loadTargets(deps.db, connection.id, [...seenTargets.keys()]);
  const desiredStatus = await writeStatuses(
    deps.db,
    [...targets.values()].flatMap((target) => (target.desiredWriteId ? [target.desiredWriteId] : [])),
  );

  const nowMs = deps.clock.now().getTime();
  const pushId = deps.ids.make("psh");
  const rows: (typeof writes.$inferInsert)[] = [];
  for (const { result, writes: desired } of perItem) {
    for (const write of desired) {
      const target = targets.get(write.targetKey);
      const onItsWay = target?.desiredWriteId
        ? LIVE_STATUSES.has(desiredStatus.get(target.desiredWriteId) ?? "failed")
        : false;
      // What Ashby will hold once everything queued has gone: the pending write's content, else the last written.
      const effective = onItsWay ? (target?.desiredContentKey ?? null) : (target?.writtenContentKey ?? null);
      const same =
        write.payload.type === "range_tag"
          ? (effective ?? "") === write.contentKey
          : effective === write.contentKey;
      if (same) {
        result.unchanged.push({ kind: write.kind, target: write.targetKey });
        continue;
      }
      const id = deps.ids.make("wr");
      result.writeIds.push(id);
      rows.push({
        id,
        workspaceId: auth.workspaceId,
        connectionId: connection.id,
        kind: write.kind,
        status: held ? "held" : "queued",
        target: {
          targetKey: write.targetKey,
          objectType: write.objectType,
          objectId: write.objectId,
          candidateId: write.candidateId,
          ...(result.applicationId === null ? {} : { applicationId: result.applicationId }),
          ...(write.payload.type === "field"
            ? { fieldId: write.payload.fieldId, fieldTitle: write.payload.fieldTitle }
            : {}),
          ...(write.payload.type === "range_tag" ? { outputKey: write.payload.outputKey } : {}),
        },
        // Null: the same target is legitimately written again whenever the content changes (push_targets orders them).
        targetKey: null,
        sourceId: pushId,
        actorEmail: auth.email,
        idempotencyKey: `${pushId}:${write.targetKey}`,
        requestHash: await requestHash({ targetKey: write.targetKey, contentKey: write.contentKey }),
        payload: toWritePayload(write),
        attempts: 0,
        nextAttemptAt: held ? null : nowMs,
        createdAt: nowMs,
        updatedAt: nowMs,
      });
    }
  }

  // Ledger rows and the targets' newest-write pointers commit together, so the consumer never sees one without the other.
  const statements = rows.flatMap((row) => {
    const contentKey = String((row.payload as { contentKey?: unknown }).contentKey);
    return [
      deps.db.insert(writes).values(row),
      deps.db
        .insert(pushTargets)
        .values({
          connectionId: connection.id,
          targetKey: String(row.target.targetKey),
          desiredWriteId: row.id,
          desiredContentKey: contentKey,
          updatedAt: nowMs,
        })
        .onConflictDoUpdate({
          target: [pushTargets.connectionId, pushTargets.targetKey],
          set: { desiredWriteId: row.id, desiredContentKey: contentKey, updatedAt: nowMs },
        }),
    ];
  });
  for (const part of chunk(statements, DB_BATCH)) {
    const [first, ...rest] = part;
    if (first) await deps.db.batch([first, ...rest]);
  }

  if (!held) {
    // One message per item: its attempt takes the item's other writes along (one setValues per object). The
    // message is retried until those writes are final or held (held ones are re-sent by the write-back sweep).
    const leaders = perItem.flatMap((entry) => entry.result.writeIds.slice(0, 1));
    await sendAll(
      deps.queues.writeback,
      leaders.map((writeId) => ({ kind: "writeback", version: 1, writeId }) satisfies WritebackMessage),
      "json",
    );
  }

  return {
    pushId,
    status: held ? "held" : "queued",
    writes: rows.map((row) => toWriteView(row as WriteRow)),
    items: perItem.map((entry) => entry.result),
  };
}
