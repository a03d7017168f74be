import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { pruneEndedRunTasks } from "./task-retention";

const DAY = 24 * 60 * 60 * 1000;

async function seedRun(
  runId: string,
  status: string,
  finishedAt: number | null,
  /** Task id → status, or `status:kind` for another kind than fanout. */
  tasks: Record<string, string>,
) {
  await env.DB.prepare(
    `INSERT INTO sync_runs (id, connection_id, trigger, mode, status, created_at, finished_at, heartbeat_at)
     VALUES (?1, ?2, 'scheduled', 'incremental', ?3, 0, ?4, 0)`,
  )
    .bind(runId, `conn_${runId}`, status, finishedAt)
    .run();
  for (const [id, task] of Object.entries(tasks)) {
    const [taskStatus, kind = "fanout"] = task.split(":");
    await env.DB.prepare(
      `INSERT INTO sync_tasks (id, run_id, connection_id, entity, kind, seq, status, created_at, updated_at)
       VALUES (?1, ?2, ?3, 'notes', ?5, 0, ?4, 0, 0)`,
    )
      .bind(`${runId}:${id}`, runId, `conn_${runId}`, taskStatus, kind)
      .run();
  }
}

async function tasksOf(runId: string): Promise<string[]> {
  const rows = await env.DB.prepare(`SELECT id FROM sync_tasks WHERE run_id = ?1 ORDER BY id`)
    .bind(runId)
    .all<{ id: string }>();
  return rows.results.map((row) => row.id.slice(runId.length + 1));
}

describe("pruning the tasks of ended runs", () => {
  it("deletes the done (and retired list) tasks of runs that ended before the cut-off, in bounded steps", async () => {
    const now = 100 * DAY;
    const cutoff = now - 7 * DAY;
    const p = crypto.randomUUID().slice(0, 8);
    await seedRun(`${p}_old_ok`, "succeeded", now - 30 * DAY, { a: "done", b: "done", c: "done" });
    // A retired fan-out task is the only record of the work its run left undone: it waits for the next run to carry
    // it over. A retired list task is never carried over (chains restart from their checkpoints): it goes.
    await seedRun(`${p}_old_failed`, "failed", now - 8 * DAY, { a: "done", b: "retired", c: "retired:list" });
    await seedRun(`${p}_recent`, "succeeded", now - 1 * DAY, { a: "done" });
    // A run in flight has no finished_at; its tasks decide when it closes.
    await seedRun(`${p}_running`, "running", null, { a: "done", b: "pending" });

    // Other files' runs share the database, so the counts are of this test's rows only.
    const ours = async () =>
      Object.fromEntries(
        await Promise.all(
          ["old_ok", "old_failed", "recent", "running"].map(async (r) => [r, await tasksOf(`${p}_${r}`)]),
        ),
      );
    let pruned = 0;
    for (let tick = 0; tick < 20; tick++) {
      const n = await pruneEndedRunTasks(env.DB, cutoff, 2);
      expect(n).toBeLessThanOrEqual(2);
      pruned += n;
      if (n === 0) break;
    }
    expect(pruned).toBeGreaterThanOrEqual(5);
    expect(await ours()).toEqual({
      old_ok: [],
      old_failed: ["b"],
      recent: ["a"],
      running: ["a", "b"],
    });
    // The runs themselves are the sync history the API shows: they stay.
    const runs = await env.DB.prepare(`SELECT COUNT(*) AS n FROM sync_runs WHERE id LIKE ?1`)
      .bind(`${p}_%`)
      .first<number>("n");
    expect(runs).toBe(4);
  });
});
