import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { appendClosingState, closingStateFrom } from "./finalize-run";

describe("the closing state a step reads with its commit", () => {
  it("reads the run's changed ids only once no task is pending, without scanning them before", async () => {
    const runId = `run_${crypto.randomUUID()}`;
    const ids = Array.from({ length: 200 }, (_, i) => `cand_${i}`);
    await env.DB.batch([
      env.DB.prepare(
        `INSERT INTO sync_tasks (id, run_id, connection_id, entity, kind, seq, status, created_at, updated_at)
         VALUES (?1, ?2, 'conn_x', 'candidates', 'list', 0, 'pending', 0, 0)`,
      ).bind(`${runId}:task`, runId),
      env.DB.prepare(
        `INSERT INTO sync_run_changed_ids (run_id, entity, ashby_id)
         SELECT ?1, 'candidates', value FROM json_each(?2)`,
      ).bind(runId, JSON.stringify(ids)),
    ]);
    const read = async () => {
      const statements: D1PreparedStatement[] = [];
      const at = appendClosingState(statements, env.DB, runId);
      const results = await env.DB.batch(statements);
      return { state: closingStateFrom(results, at), idsRead: results[at + 2]?.meta.rows_read ?? 0 };
    };

    // Every commit of a run asks; while a task is pending, the ids must not be read row by row.
    const pending = await read();
    expect(pending.state.changedIds.size).toBe(0);
    expect(pending.idsRead).toBeLessThan(ids.length);

    await env.DB.prepare(`UPDATE sync_tasks SET status = 'done' WHERE run_id = ?1`).bind(runId).run();
    const last = await read();
    expect([...(last.state.changedIds.get("candidates") ?? [])].sort()).toEqual([...ids].sort());
  });
});
