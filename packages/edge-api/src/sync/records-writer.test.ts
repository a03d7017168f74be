import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { RecordRow } from "./entities";
import {
  D1_MAX_BOUND_PARAMETERS,
  planRecordWrites,
  ROWS_PER_UPSERT,
  softDeleteMissingChildren,
} from "./records-writer";

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

describe("the records writer", () => {
  it("chunks multi-row upserts so no statement binds more than D1's 100 parameters", async () => {
    expect(4 + ROWS_PER_UPSERT * 5).toBeLessThanOrEqual(D1_MAX_BOUND_PARAMETERS);
    const scope = {
      connectionId: `conn_${crypto.randomUUID()}`,
      entity: "candidates",
      runId: "r1",
      now: 1000,
    };
    const plan = await commit(scope, rows(45));
    expect(plan.changed).toHaveLength(45);
    expect(plan.statements).toHaveLength(Math.ceil(45 / ROWS_PER_UPSERT));
    const count = await env.DB.prepare(`SELECT COUNT(*) AS n FROM synced_records WHERE connection_id = ?1`)
      .bind(scope.connectionId)
      .first<{ n: number }>();
    expect(count?.n).toBe(45);
  });

  it("skips rows whose content hash did not change, whatever the key order", async () => {
    const scope = {
      connectionId: `conn_${crypto.randomUUID()}`,
      entity: "candidates",
      runId: "r1",
      now: 1000,
    };
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
    const scope = { connectionId: `conn_${crypto.randomUUID()}`, entity: "notes", runId: "r1", now: 1000 };
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
});
