import { env } from "cloudflare:test";
import type { PutPushSettingsRequest } from "@ashby-kit/shared";
import { eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { api, emulator, freshDatabase, json } from "../../test/helpers";
import type { AshbyClient } from "../ashby";
import { writes } from "../db/schema";
import { createDeps, type Deps } from "../deps";
import { parseEnv } from "../env";
import { fixedClock } from "../lib/clock";
import { writebackContextFor } from "../writeback/context-for";
import { processPushWrite } from "./process-push-write";
import { ashbyClient, connectDemo, owner, pushOk, putSettings, syncNow } from "./testing";

/**
 * The push writer driven directly (no queue timing): pushes are accepted while the connection is paused, so no
 * message exists, then every write is processed by hand with a fake clock that jumps over retry delays.
 */

const CANDIDATES = 12;
let orgId: string;
let apiKey: string;
let client: AshbyClient;
let candidateIds: string[];
let scoreFieldId: string;

beforeAll(async () => {
  const org = await emulator().createOrg({ seed: 11, candidates: CANDIDATES });
  orgId = org.orgId;
  apiKey = org.apiKey;
  client = ashbyClient(apiKey);
  const listed = await client.candidate.list({ limit: 100 });
  if (!listed.ok) throw new Error(listed.error.message);
  candidateIds = listed.value.results.map((candidate) => candidate.id);
  const fields = await client.customField.list({});
  if (!fields.ok) throw new Error(fields.error.message);
  const score = fields.value.results.find((field) => field.title === "Years of Experience");
  if (!score) throw new Error("no number field in the emulator org");
  scoreFieldId = score.id;
});

const settings = (): PutPushSettingsRequest => ({
  customFields: [{ outputKey: "score", objectType: "candidate", fieldId: scoreFieldId }],
  tags: {
    enabled: true,
    rules: [
      {
        kind: "score_ranges",
        outputKey: "score",
        template: "Storm {min}–{max}",
        ranges: [
          { min: 0, max: 49 },
          { min: 50, max: 100 },
        ],
      },
    ],
  },
  notes: { enabled: true },
});

async function setPaused(paused: boolean) {
  const { body, headers } = json({ paused });
  const res = await api("/v1/connection", { method: "PATCH", headers: { ...owner(), ...headers }, body });
  expect(res.status, await res.clone().text()).toBe(200);
}

let deps: Deps;
let clock: ReturnType<typeof fixedClock>;
beforeEach(async () => {
  await freshDatabase();
  await emulator().clearFaults({ orgId });
  const connectionId = await connectDemo(apiKey);
  await syncNow(connectionId, apiKey);
  expect((await putSettings(settings())).status).toBe(200);
  clock = fixedClock(new Date());
  deps = await createDeps(parseEnv(env), { clock });
});

/** Process every write until none asks for a retry; the fake clock jumps over each delay. */
async function drive(ids: string[], maxAttempts = 60) {
  const ctx = writebackContextFor(deps, { random: () => 0.5 });
  const queue = ids.map((id) => ({ id, attempt: 1 }));
  let retries = 0;
  while (queue.length > 0) {
    const next = queue.shift();
    if (!next) break;
    const outcome = await processPushWrite(ctx, next.id, next.attempt, {
      sleep: async (ms) => clock.advance(ms / 1000),
      maxInlineWaitMs: 3000,
    });
    if (outcome.action === "retry") {
      retries++;
      expect(next.attempt).toBeLessThan(maxAttempts);
      clock.advance(outcome.delaySeconds);
      queue.push({ id: next.id, attempt: next.attempt + 1 });
    }
  }
  return { retries };
}

async function statuses(pushId: string) {
  const rows = await deps.db.select().from(writes).where(eq(writes.sourceId, pushId));
  return rows;
}

describe("the push writer under faults", () => {
  it("loses and duplicates nothing through a 429 storm and 5xx errors", async () => {
    await setPaused(true);
    // The first four candidates belong to the other tests (the emulator org outlives each test's fresh D1).
    const stormed = candidateIds.slice(4);
    const accepted = await pushOk(
      stormed.map((candidateId, i) => ({
        candidateId,
        outputs: { score: 40 + i * 5 },
        note: `Storm note ${i}`,
      })),
    );
    expect(accepted.status).toBe("held");
    await setPaused(false);
    await emulator().setFaults(
      { orgId },
      {
        failNext: [{ method: "*", count: 25, code: "rate_limit_exceeded", retryAfterSeconds: 2 }],
        serverErrors: { rate: 0.2, seed: 5 },
      },
    );
    const before = await emulator().writes(orgId);
    const { retries } = await drive(accepted.writes.map((w) => w.id));
    expect(retries).toBeGreaterThan(0);

    const rows = await statuses(accepted.pushId);
    expect(
      rows.filter((row) => row.status !== "succeeded").map((row) => [row.kind, row.status, row.errorCode]),
    ).toEqual([]);
    const after = (await emulator().writes(orgId)).slice(before.length);
    const notes = after.filter((w) => w.kind === "note");
    const fieldWrites = after.filter((w) => w.kind === "customFieldValue");
    const tagAdds = after.filter((w) => w.kind === "tagAdded");
    expect(notes).toHaveLength(stormed.length);
    expect(new Set(notes.map((w) => (w.body as { candidateId: string }).candidateId)).size).toBe(
      stormed.length,
    );
    expect(fieldWrites).toHaveLength(stormed.length);
    expect(tagAdds).toHaveLength(stormed.length);
    await emulator().clearFaults({ orgId });
    for (const [i, candidateId] of stormed.entries()) {
      const info = await client.candidate.info({ id: candidateId });
      if (!info.ok) throw new Error(info.error.message);
      expect(info.value.customFields?.find((v) => v.id === scoreFieldId)?.value).toBe(40 + i * 5);
    }
  });

  it("cancels an older write of the same target instead of letting a late retry overwrite a newer score", async () => {
    await setPaused(true);
    const candidateId = candidateIds[1];
    const older = await pushOk([{ candidateId, outputs: { score: 20 } }]);
    const newer = await pushOk([{ candidateId, outputs: { score: 90 } }]);
    await setPaused(false);
    // The newer push goes first; the older one's message arrives late, as a retry would.
    await drive(newer.writes.map((w) => w.id));
    await drive(older.writes.map((w) => w.id));
    const old = await statuses(older.pushId);
    expect(old.map((row) => [row.status, row.errorCode])).toEqual([
      ["cancelled", "superseded"],
      ["cancelled", "superseded"],
    ]);
    const info = await client.candidate.info({ id: candidateId ?? "" });
    if (!info.ok) throw new Error(info.error.message);
    expect(info.value.customFields?.find((v) => v.id === scoreFieldId)?.value).toBe(90);
    expect(info.value.tags.map((t) => t.title)).toContain("Storm 50–100");
    expect(info.value.tags.map((t) => t.title)).not.toContain("Storm 0–49");
  });

  it("adopts a note that landed in Ashby before the attempt died, instead of posting it twice", async () => {
    await setPaused(true);
    const candidateId = candidateIds[2];
    const accepted = await pushOk([{ candidateId, outputs: {}, note: "Written just before the crash" }]);
    const [noteWrite] = accepted.writes;
    if (!noteWrite || !candidateId) throw new Error("no note write");
    await setPaused(false);
    // The state a dead attempt leaves: Ashby has the note, the row is `sending` with a lapsed lease.
    const landed = await client.candidate.createNote({ candidateId, note: "Written just before the crash" });
    expect(landed.ok).toBe(true);
    await deps.db
      .update(writes)
      .set({ status: "sending", attempts: 1, leaseUntil: clock.now().getTime() - 1 })
      .where(eq(writes.id, noteWrite.id));

    await drive([noteWrite.id]);
    const [row] = await statuses(accepted.pushId);
    expect(row).toMatchObject({ status: "succeeded", result: { adopted: true } });
    const notes = await client.candidate.listNotes({ candidateId, limit: 100 });
    if (!notes.ok) throw new Error(notes.error.message);
    expect(notes.value.results.filter((n) => n.content === "Written just before the crash")).toHaveLength(1);
  });

  it("moves the connection to needs_reauth on a revoked key and holds the writes", async () => {
    await setPaused(true);
    const accepted = await pushOk([{ candidateId: candidateIds[3], outputs: { score: 70 } }]);
    await setPaused(false);
    await emulator().setFaults(
      { orgId },
      { failNext: [{ method: "*", count: 1, code: "invalid_api_key", httpStatus: 401 }] },
    );
    await drive(accepted.writes.map((w) => w.id));
    const rows = await statuses(accepted.pushId);
    expect(new Set(rows.map((row) => row.status))).toEqual(new Set(["held"]));
    const connection = await api("/v1/connection", { headers: owner() });
    expect(((await connection.json()) as { status: string }).status).toBe("needs_reauth");
  });
});
