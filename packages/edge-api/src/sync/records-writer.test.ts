import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "./content-hash";
import type { RecordRow } from "./entities";
import { MAX_ROWS_PARAM_CHARS, planRecordWrites, softDeleteMissingChildren } from "./records-writer";
import { insertConnectionRow } from "./testing";

const rows = (n: number, version = 1): RecordRow[] =>
  Array.from({ length: n }, (_, i) => ({
    ashbyId: `c${i}`,
    parentId: i % 2 === 0 ? "p1" : "p2",
    data: { id: `c${i}`, name: `Candidate ${i}`, version, nested: { b: 2, a: 1 } },
    sourceUpdatedAt: "2026-01-01T00:00:00.000Z",
  }));

async function commit(
  scope: { connectionId: string; entity: string; runId: string; now: number },
  input: RecordRow[],
) {
  const plan = await planRecordWrites(env.DB, scope, input);
  if (plan.statements.length > 0) {
    await env.DB.batch(plan.statements);
  }
  return plan;
}

/** A write scope on a connection of its own, whose D1 row exists (records are written only for one that does). */
async function newScope(entity: string) {
  const connectionId = `conn_${crypto.randomUUID()}`;
  await insertConnectionRow(env.DB, connectionId);
  return { connectionId, entity, runId: "r1", now: 1000 };
}

async function storedCount(connectionId: string) {
  return env.DB.prepare("SELECT COUNT(*) AS n FROM synced_records WHERE connection_id = ?1")
    .bind(connectionId)
    .first<number>("n");
}

describe("the records writer", () => {
  it("writes a page in one upsert statement, split only where its rows would near D1's string limit", async () => {
    const scope = await newScope("candidates");
    const plan = await commit(scope, rows(45));
    expect(plan.changed).toHaveLength(45);
    expect(plan.statements).toHaveLength(1);
    // Five rows of ~200,000 characters each: more than one statement's worth (MAX_ROWS_PARAM_CHARS).
    const big = rows(5).map((row, i) => ({
      ...row,
      ashbyId: `big${i}`,
      parentId: null,
      sourceUpdatedAt: null,
      data: { id: `big${i}`, resume: "é".repeat(200_000) },
    }));
    expect(5 * 200_000).toBeGreaterThan(MAX_ROWS_PARAM_CHARS);
    const bigPlan = await commit({ ...scope, runId: "r2", now: 2000 }, big);
    expect(bigPlan.statements.length).toBeGreaterThan(1);
    const stored = await env.DB.prepare(
      `SELECT ashby_id, parent_id, data, source_updated_at, run_id FROM synced_records
       WHERE connection_id = ?1 ORDER BY ashby_id`,
    )
      .bind(scope.connectionId)
      .all<{ ashby_id: string; parent_id: string | null; data: string; source_updated_at: string | null }>();
    expect(stored.results).toHaveLength(50);
    const byId = new Map(stored.results.map((r) => [r.ashby_id, r]));
    // Stored exactly as hashed (the canonical JSON text), nulls as NULL, strings as strings.
    expect(byId.get("big3")).toMatchObject({
      data: canonicalJson(big[3]?.data),
      parent_id: null,
      source_updated_at: null,
      run_id: "r2",
    });
    expect(byId.get("c7")).toMatchObject({
      data: canonicalJson(rows(45)[7]?.data),
      parent_id: "p2",
      source_updated_at: "2026-01-01T00:00:00.000Z",
      run_id: "r1",
    });
  });

  it("skips rows whose content hash did not change, whatever the key order", async () => {
    const scope = await newScope("candidates");
    await commit(scope, rows(30));
    const reordered = rows(30).map((row) => ({
      ...row,
      data: { nested: { a: 1, b: 2 }, ...(row.data as object) },
    }));
    const again = await commit({ ...scope, runId: "r2", now: 2000 }, reordered);
    expect(again.changed).toHaveLength(0);
    expect(again.statements).toHaveLength(0);

    const next = rows(30);
    next[3] = { ...next[3], data: { changed: true } } as RecordRow;
    next[17] = { ...next[17], data: { changed: true } } as RecordRow;
    const third = await commit({ ...scope, runId: "r3", now: 3000 }, next);
    expect(third.changed.map((r) => r.ashbyId)).toEqual(["c3", "c17"]);
    const changed = await env.DB.prepare(
      `SELECT ashby_id FROM synced_records WHERE connection_id = ?1 AND changed_at = 3000 ORDER BY ashby_id`,
    )
      .bind(scope.connectionId)
      .all<{ ashby_id: string }>();
    expect(changed.results.map((r) => r.ashby_id)).toEqual(["c17", "c3"]);
  });

  it("soft-deletes children missing from a parent's complete listing and revives them when they return", async () => {
    const scope = await newScope("notes");
    await commit(scope, rows(6));
    const keep = ["c0", "c4"]; // p1 now only has c0 and c4 (c2 is gone); p2 untouched
    await softDeleteMissingChildren(env.DB, { ...scope, now: 2000 }, ["p1"], keep).run();
    const deleted = await env.DB.prepare(
      `SELECT ashby_id FROM synced_records WHERE connection_id = ?1 AND deleted_at IS NOT NULL`,
    )
      .bind(scope.connectionId)
      .all<{ ashby_id: string }>();
    expect(deleted.results.map((r) => r.ashby_id)).toEqual(["c2"]);

    const revived = await commit({ ...scope, now: 3000 }, rows(6));
    expect(revived.changed.map((r) => r.ashbyId)).toEqual(["c2"]);
    const live = await env.DB.prepare(
      `SELECT COUNT(*) AS n FROM synced_records WHERE connection_id = ?1 AND deleted_at IS NULL`,
    )
      .bind(scope.connectionId)
      .first<{ n: number }>();
    expect(live?.n).toBe(6);
  });

  it("writes nothing for a connection that is disconnected or has no row any more", async () => {
    // A step that read its connection as active commits after the connection was disconnected (purge) or its row
    // vanished (a test suite's database reset under a still-running consumer): the page must not land.
    const disconnected = await newScope("candidates");
    await env.DB.prepare("UPDATE connections SET status = 'disconnected' WHERE id = ?1")
      .bind(disconnected.connectionId)
      .run();
    const gone = await newScope("candidates");
    await env.DB.prepare("DELETE FROM connections WHERE id = ?1").bind(gone.connectionId).run();
    for (const scope of [disconnected, gone]) {
      const plan = await commit(scope, rows(5));
      expect(plan.statements.length).toBeGreaterThan(0);
      expect(await storedCount(scope.connectionId)).toBe(0);
    }
    // The same page on a connection that is there and not disconnected (paused counts) is written.
    const paused = await newScope("candidates");
    await env.DB.prepare("UPDATE connections SET status = 'paused' WHERE id = ?1")
      .bind(paused.connectionId)
      .run();
    await commit(paused, rows(5));
    expect(await storedCount(paused.connectionId)).toBe(5);
  });
});
