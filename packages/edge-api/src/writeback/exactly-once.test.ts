import { env } from "cloudflare:test";
import { createEmulator } from "@ashby-kit/ashby-emulator";
import { beforeEach, describe, expect, it } from "vitest";
import { type AshbyFetch, createAshbyClient } from "../ashby";
import { fixedClock } from "../lib/clock";
import {
  connectAndSync,
  connectInProcess,
  testDeps,
  testWritebackContext,
  type World,
} from "../meetings/testing";
import { deliverAll, feedbackTargets, ledgerCounts, seedFeedbackWrites } from "./fixtures";
import { findWrite } from "./ledger";
import { processFeedbackWrite } from "./submit-feedback";

/**
 * Exactly once, although Queues deliver at least once and Ashby takes no idempotency key. Ashby is the emulator
 * (over HTTP, as the worker reaches it); faults come from the emulator itself and from a fetch wrapper that
 * loses Ashby's answer after the feedback landed (the case only the ledger can save).
 */

let world: World;

function ashbyClient() {
  return createAshbyClient({
    apiKey: world.apiKey,
    baseUrl: env.ASHBY_BASE_URL,
    fetch: (url, init) => fetch(url, init),
  });
}

async function feedbackWritesInAshby() {
  const writes = await world.control.writes(world.orgId, "feedback");
  return writes.map((w) => w.body as { interviewEventId: string; userId: string });
}

function pairs(bodies: { interviewEventId: string; userId: string }[]) {
  return bodies.map((b) => `${b.interviewEventId}:${b.userId}`);
}

/** A small deterministic PRNG (mulberry32), so a failing run reproduces. */
function prng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("feedback write-back, exactly once", () => {
  beforeEach(async () => {
    world = await connectAndSync({ candidates: 12 });
  });

  it("a redelivered message of a finished write does not call Ashby again", async () => {
    const deps = await testDeps();
    const { ctx, events } = testWritebackContext(deps);
    const [target] = await feedbackTargets(ashbyClient(), 1);
    if (!target) throw new Error("no target");
    const [id] = await seedFeedbackWrites(deps, ashbyClient(), world, [target]);
    await deliverAll(ctx, [id as string]);
    const before = await world.control.requestCounts(world.orgId);
    await deliverAll(ctx, [id as string, id as string]);
    const after = await world.control.requestCounts(world.orgId);
    // Only Ashby's feedback methods: the connection's initial sync may still be running in the background.
    const feedbackCalls = (counts: { byMethod: Record<string, number> }) =>
      Object.entries(counts.byMethod).filter(([method]) => method.startsWith("applicationFeedback."));
    expect(feedbackCalls(after)).toEqual(feedbackCalls(before));
    expect(await feedbackWritesInAshby()).toHaveLength(1);
    expect(events.map((e) => e.type)).toEqual(["feedback.submitted"]);
  });

  it("a crash between Ashby's answer and the ledger update is adopted, not posted twice", async () => {
    const clock = fixedClock(new Date());
    let release: ((r: Response) => void) | undefined;
    // The first attempt's submit reaches Ashby, which records it; the answer never comes back (the isolate died).
    const crashingFetch: AshbyFetch = async (url, init) => {
      const response = await fetch(url, init);
      if (url.endsWith("/applicationFeedback.submit") && !release) {
        return new Promise<Response>((resolve) => {
          release = resolve;
        });
      }
      return response;
    };
    const dying = testWritebackContext(await testDeps({ clock, fetch: crashingFetch }));
    const [target] = await feedbackTargets(ashbyClient(), 1);
    if (!target) throw new Error("no target");
    const [id] = (await seedFeedbackWrites(dying.ctx.deps, ashbyClient(), world, [target])) as [string];
    const abandoned = processFeedbackWrite(dying.ctx, id, 1);
    for (let i = 0; i < 50 && !release; i++) await new Promise((r) => setTimeout(r, 20));
    expect(release, "the submit reached Ashby").toBeDefined();
    expect((await findWrite(dying.ctx.deps.db, id))?.status).toBe("sending");
    expect(await feedbackWritesInAshby()).toHaveLength(1);

    // Redelivered while the lease is held: it waits instead of posting.
    const live = testWritebackContext(await testDeps({ clock }));
    expect(await processFeedbackWrite(live.ctx, id, 2)).toMatchObject({ action: "retry" });
    // After the lease lapses: it checks Ashby, finds its own submission and adopts it.
    clock.advance(dying.ctx.config.leaseMs / 1000 + 1);
    expect(await processFeedbackWrite(live.ctx, id, 3)).toEqual({ action: "ack" });
    const row = await findWrite(live.ctx.deps.db, id);
    expect(row).toMatchObject({ status: "succeeded", result: { adopted: true } });
    expect(await feedbackWritesInAshby()).toHaveLength(1);

    // The "dead" attempt finally wakes up: it no longer owns the row and changes nothing.
    release?.(new Response("{}", { status: 502 }));
    await abandoned;
    expect(await findWrite(live.ctx.deps.db, id)).toMatchObject({
      status: "succeeded",
      remoteId: row?.remoteId,
    });
    expect(live.events.map((e) => e.type)).toEqual(["feedback.submitted"]);
  });

  it("1,000 submissions with 20 % injected faults: exactly 1,000 feedbacks in Ashby, none lost, none twice", async () => {
    // In-process emulator: 2,000+ Ashby calls stay inside workerd, so the suite takes seconds.
    const emu = createEmulator({ seed: 3, candidates: 1300 });
    const random = prng(20);
    let lostAnswers = 0;
    // Half the faults: Ashby's answer is lost after the feedback landed (502 at a proxy in between).
    const lossyFetch: AshbyFetch = async (url, init) => {
      const isSubmit = url.endsWith("/applicationFeedback.submit");
      const response = await emu.fetch(url, init);
      if (isSubmit && response.status === 200 && random() < 0.1) {
        lostAnswers += 1;
        return new Response("bad gateway", { status: 502 });
      }
      return response;
    };
    const deps = await testDeps({ fetch: lossyFetch });
    const scope = await connectInProcess(emu, deps);
    const { ctx, events } = testWritebackContext(deps);
    const client = createAshbyClient({ apiKey: emu.apiKey, baseUrl: emu.baseUrl, fetch: emu.fetch });
    const targets = await feedbackTargets(client, 1000);

    expect(targets).toHaveLength(1000);
    const ids = await seedFeedbackWrites(deps, client, scope, targets);

    // The other half: Ashby itself answers 5xx before writing anything.
    await emu.control.setFaults({ apiKey: emu.apiKey }, { serverErrors: { rate: 0.1, seed: 5 } });

    const stats = await deliverAll(ctx, ids, { batchSize: 10, duplicateEvery: 7 });

    await emu.control.clearFaults({ apiKey: emu.apiKey });

    const inAshby = pairs(
      (await emu.control.writes(emu.orgId, "feedback")).map(
        (w) => w.body as { interviewEventId: string; userId: string },
      ),
    );
    expect(inAshby).toHaveLength(1000);
    expect(new Set(inAshby).size).toBe(1000);
    expect(new Set(inAshby)).toEqual(new Set(targets.map((t) => `${t.event.id}:${t.userId}`)));
    expect(await ledgerCounts()).toEqual({ succeeded: 1000 });
    const adopted = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM writes WHERE json_extract(result, '$.adopted') = 1",
    ).first<{ n: number }>();
    expect(adopted?.n).toBe(lostAnswers);
    expect(lostAnswers).toBeGreaterThan(50);
    expect(stats.retries).toBeGreaterThan(150);
    expect(events.filter((e) => e.type === "feedback.submitted")).toHaveLength(1000);
  }, 120_000);
});
