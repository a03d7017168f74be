import { env } from "cloudflare:test";
import { createEmulator } from "@ashby-kit/ashby-emulator";
import type { PutPushSettingsRequest, WritebackMessage } from "@ashby-kit/shared";
import { sql } from "drizzle-orm";
import { it } from "vitest";
import { seedDevTenant } from "../src/auth/dev-tenant";
import { connections, syncedRecords } from "../src/db/schema";
import { createDeps } from "../src/deps";
import { parseEnv } from "../src/env";
import { acceptPush } from "../src/push/accept-push";
import { processPushWrite } from "../src/push/process-push-write";
import { DEFAULT_WRITEBACK_CONFIG } from "../src/writeback/context";
import { writebackContextFor } from "../src/writeback/context-for";

/**
 * Push scores for N candidates (10,000 by default) into an emulator rate-limited to R requests/s, and print the
 * Ashby calls made against the minimum and the wall time against the rate-limit floor (calls / R).
 *
 * Per candidate the push carries a score (→ a Number custom field and a decile range tag) and a note, so the
 * minimum is 3 calls per candidate (setValues, addTag, createNote) plus one candidateTag.create per distinct tag.
 * Writes go through the real accept path (D1 ledger) and the real writer; the queue is replaced by an in-memory
 * list drained by C parallel consumers, as Cloudflare runs several consumer invocations.
 */

const benchEnv = env as unknown as Record<string, string | undefined>;
const N = Number(benchEnv.BENCH_CANDIDATES ?? "10000");
const R = Number(benchEnv.BENCH_RATE ?? "500");
const CONSUMERS = Number(benchEnv.BENCH_CONSUMERS ?? "16");
const PUSH_BATCH = 100;

it(`pushes ${N} candidates at ${R} requests/s`, async () => {
  const emu = createEmulator({ seed: 3, candidates: N });
  const deps0 = await createDeps(parseEnv(env), { fetch: (input, init) => emu.fetch(input, init) });
  const sent: string[] = [];
  const deps = {
    ...deps0,
    queues: {
      ...deps0.queues,
      writeback: {
        async send(body: WritebackMessage) {
          sent.push(body.writeId);
        },
        async sendBatch(messages: Iterable<{ body: WritebackMessage }>) {
          for (const message of messages) sent.push(message.body.writeId);
        },
      } as unknown as Queue,
    },
  };
  const now = new Date();
  await seedDevTenant(deps.db, deps.config, now);
  const connectionId = "conn_bench";
  const sealed = await deps.encryptor.encrypt(emu.apiKey, connectionId);
  await deps.db.insert(connections).values({
    id: connectionId,
    tenantId: "ten_demo",
    workspaceId: "ws_demo",
    status: "active",
    syncInterval: "24h",
    apiKeyCiphertext: sealed.ciphertext,
    apiKeyEncryptionKeyId: sealed.keyId,
    grantedScopes: [],
    missingPermissions: [],
    createdAt: now,
    updatedAt: now,
  });

  // The custom field definitions as the sync engine would store them (a full sync of N candidates is bench:sync's job).
  const client = deps.ashbyWithKey(emu.apiKey);
  const fields = await client.customField.list({});
  if (!fields.ok) throw new Error(fields.error.message);
  for (const field of fields.value.results) {
    await deps.db.insert(syncedRecords).values({
      connectionId,
      entity: "custom_fields",
      ashbyId: field.id,
      data: JSON.stringify(field),
      contentHash: field.id,
      changedAt: now.getTime(),
    });
  }
  const scoreField = fields.value.results.find(
    (field) => field.fieldType === "Number" && field.objectType === "Candidate",
  );
  if (!scoreField) throw new Error("no Number field on candidates");
  const candidateIds: string[] = [];
  for (let cursor: string | undefined; candidateIds.length < N; ) {
    const page = await client.candidate.list({ limit: 100, ...(cursor ? { cursor } : {}) });
    if (!page.ok) throw new Error(page.error.message);
    candidateIds.push(...page.value.results.map((candidate) => candidate.id));
    if (!page.value.moreDataAvailable || !page.value.nextCursor) break;
    cursor = page.value.nextCursor;
  }
  const settings: PutPushSettingsRequest = {
    customFields: [{ outputKey: "score", objectType: "candidate", fieldId: scoreField.id }],
    tags: {
      enabled: true,
      rules: [
        {
          kind: "score_ranges",
          outputKey: "score",
          template: "AI score {min}–{max}",
          ranges: Array.from({ length: 10 }, (_, i) => ({ min: i * 10, max: i === 9 ? 100 : i * 10 + 9 })),
        },
      ],
    },
    notes: { enabled: true },
  };
  await deps.db.run(
    sql`INSERT INTO push_settings (workspace_id, settings, updated_at, updated_by_type) VALUES ('ws_demo', ${JSON.stringify(settings)}, ${now.getTime()}, 'tenant')`,
  );

  // Emulator: at most R requests in any rolling second. Budget: 0.95 R/s with a 0.05 R burst, so no window exceeds R.
  await emu.control.setFaults({ orgId: emu.orgId }, { rateLimit: { requestsPerSecond: R } });
  const before = await emu.control.requestCounts(emu.orgId);
  const ctx = writebackContextFor(deps, {
    config: {
      ...DEFAULT_WRITEBACK_CONFIG,
      budget: { ratePerSecond: R * 0.95, capacity: Math.max(3, Math.floor(R * 0.05)), writebackReserve: 0 },
    },
  });

  const started = performance.now();
  const startedAt = Date.now();
  // The host pushes batches while consumers already drain the queue, as with real Queues.
  let accepting = true;
  let acceptedMs = 0;
  const accept = (async () => {
    for (let i = 0; i < candidateIds.length; i += PUSH_BATCH) {
      await acceptPush(
        deps,
        { workspaceId: "ws_demo", email: null },
        {
          items: candidateIds.slice(i, i + PUSH_BATCH).map((candidateId, j) => ({
            candidateId,
            outputs: { score: (i + j) % 101 },
            note: `AI screening of candidate ${i + j}: score ${(i + j) % 101}.`,
          })),
        },
      );
    }
    acceptedMs = performance.now() - started;
    accepting = false;
  })();

  // Drain the queue with CONSUMERS parallel consumers; a retry goes to the back after its delay.
  let retries = 0;
  const delayed: { id: string; at: number; attempt: number }[] = [];
  const queue: { id: string; attempt: number }[] = [];
  const take = () => {
    const id = sent.shift();
    return id === undefined ? undefined : { id, attempt: 1 };
  };
  const consumer = async () => {
    for (;;) {
      const next = queue.shift() ?? take() ?? takeDue();
      if (!next) {
        if (delayed.length === 0 && !accepting) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
        continue;
      }
      const outcome = await processPushWrite(ctx, next.id, next.attempt);
      if (outcome.action === "retry") {
        retries++;
        delayed.push({
          id: next.id,
          at: Date.now() + outcome.delaySeconds * 1000,
          attempt: next.attempt + 1,
        });
      }
    }
  };
  const takeDue = () => {
    const index = delayed.findIndex((entry) => entry.at <= Date.now());
    if (index < 0) return undefined;
    const [entry] = delayed.splice(index, 1);
    return entry;
  };
  await Promise.all([accept, ...Array.from({ length: CONSUMERS }, consumer)]);
  const wallMs = performance.now() - started;

  const after = await emu.control.requestCounts(emu.orgId);
  const calls = after.total - before.total;
  const by = (method: string) => (after.byMethod[method] ?? 0) - (before.byMethod[method] ?? 0);
  const refused = (await emu.control.writes(emu.orgId)).length;
  const statuses = await deps.db.all<{ status: string; n: number }>(
    sql`SELECT status, count(*) AS n FROM writes GROUP BY status`,
  );
  const [tagRow] = await deps.db.all<{ n: number }>(
    sql`SELECT count(*) AS n FROM push_tags WHERE tag_id <> ''`,
  );
  const distinctTags = tagRow?.n ?? 0;
  const minimum = 3 * candidateIds.length + distinctTags;
  const writeCalls =
    by("customField.setValues") +
    by("candidate.addTag") +
    by("candidate.createNote") +
    by("candidateTag.create");
  const floorMs = (minimum / R) * 1000;
  // When the last write became final (the queue may still hold messages that will only find final writes).
  const [last] = await deps.db.all<{ at: number }>(sql`SELECT max(completed_at) AS at FROM writes`);
  const doneMs = (last?.at ?? 0) - startedAt;
  const lines = [
    `bench:push — ${candidateIds.length} candidates, emulator limit R = ${R} requests/s, ${CONSUMERS} consumers`,
    `  pushes accepted in:          ${(acceptedMs / 1000).toFixed(1)} s (${candidateIds.length / PUSH_BATCH} requests of ${PUSH_BATCH} items)`,
    `  write statuses:              ${statuses.map((s) => `${s.status}=${s.n}`).join(", ")}`,
    `  Ashby calls that wrote:      ${writeCalls} (setValues ${by("customField.setValues")}, addTag ${by("candidate.addTag")}, createNote ${by("candidate.createNote")}, candidateTag.create ${by("candidateTag.create")} for ${distinctTags} distinct tags)`,
    `  Ashby requests made (all):   ${calls} (429 refusals included: ${calls - writeCalls})`,
    `  minimum calls:               ${minimum} → ratio ${(calls / minimum).toFixed(3)}`,
    `  wall time to last write:     ${(doneMs / 1000).toFixed(1)} s (queue drained after ${(wallMs / 1000).toFixed(1)} s)`,
    `  rate-limit floor (min / R):  ${(floorMs / 1000).toFixed(1)} s → ratio ${(doneMs / floorMs).toFixed(3)}`,
    `  message retries:             ${retries}; emulator write records: ${refused}`,
  ];
  console.log(lines.join("\n"));
});
