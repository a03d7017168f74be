import { env } from "cloudflare:test";
import { createEmulator } from "@ashby-kit/ashby-emulator";
import { describe, expect, it } from "vitest";
import { createAshbyClient } from "../ashby";
import { fixedClock } from "../lib/clock";
import { connectInProcess, testDeps, testWritebackContext } from "../meetings/testing";
import { feedbackTargets, seedFeedbackWrites } from "./fixtures";
import { findWrite } from "./ledger";
import { processFeedbackWrite } from "./submit-feedback";
import { reverifySubmittedFeedback } from "./sweep";

/** One write against an in-process emulator whose faults the test scripts; time is a fixed clock. */
async function oneWrite(options: { budgetRate?: number } = {}) {
  const clock = fixedClock(new Date("2026-06-01T09:00:00Z"));
  const emu = createEmulator({ seed: 9, candidates: 20, now: () => clock.now().getTime() });
  const deps = await testDeps({ clock, fetch: (url, init) => emu.fetch(url, init) });
  const scope = await connectInProcess(emu, deps);
  const { ctx, events } = testWritebackContext(deps, options);
  const client = createAshbyClient({ apiKey: emu.apiKey, baseUrl: emu.baseUrl, fetch: emu.fetch });
  const [id] = (await seedFeedbackWrites(deps, client, scope, await feedbackTargets(client, 1))) as [string];
  return { clock, emu, deps, ctx, events, id, scope };
}

describe("one feedback attempt", () => {
  it("retries 5xx and timeouts with growing backoff, then succeeds once", async () => {
    const { emu, ctx, id } = await oneWrite();
    await emu.control.setFaults(
      { apiKey: emu.apiKey },
      {
        failNext: [
          { method: "applicationFeedback.submit", count: 2, code: "internal_server_error", httpStatus: 503 },
        ],
      },
    );
    const first = await processFeedbackWrite(ctx, id, 1);
    const second = await processFeedbackWrite(ctx, id, 2);
    expect(first).toMatchObject({ action: "retry" });
    expect(second).toMatchObject({ action: "retry" });
    if (first.action !== "retry" || second.action !== "retry") throw new Error("unreachable");
    expect(second.delaySeconds).toBeGreaterThan(first.delaySeconds);
    expect(await findWrite(ctx.deps.db, id)).toMatchObject({
      status: "queued",
      errorCode: "ashby_unavailable",
    });
    expect(await processFeedbackWrite(ctx, id, 3)).toEqual({ action: "ack" });
    expect(await findWrite(ctx.deps.db, id)).toMatchObject({ status: "succeeded", attempts: 3 });
    expect(await emu.control.writes(emu.orgId, "feedback")).toHaveLength(1);
  });

  it("a retry that finds the interviewer's own feedback (entered in Ashby meanwhile) cancels instead of overwriting", async () => {
    const { emu, ctx, id } = await oneWrite();
    await emu.control.setFaults(
      { apiKey: emu.apiKey },
      {
        failNext: [
          { method: "applicationFeedback.submit", count: 1, code: "internal_server_error", httpStatus: 502 },
        ],
      },
    );
    expect(await processFeedbackWrite(ctx, id, 1)).toMatchObject({ action: "retry" });
    const row = await findWrite(ctx.deps.db, id);
    if (!row) throw new Error("write missing");
    const { submit } = row.payload as {
      submit: { formDefinitionId: string; applicationId: string; interviewEventId: string; userId: string };
    };
    const client = createAshbyClient({ apiKey: emu.apiKey, baseUrl: emu.baseUrl, fetch: emu.fetch });
    const form = await client.feedbackFormDefinition.info({
      feedbackFormDefinitionId: submit.formDefinitionId,
    });
    if (!form.ok) throw new Error(form.error.message);
    const fields = form.value.formDefinition.sections.flatMap((section) => section.fields);
    const human = await client.applicationFeedback.submit({
      ...submit,
      feedbackForm: {
        fieldSubmissions: fields
          .filter((f) => f.isRequired)
          .map((f) => ({
            path: f.field.path,
            value:
              f.field.type === "Score"
                ? { score: 1 }
                : f.field.type === "ValueSelect"
                  ? f.field.selectableValues?.at(-1)?.value
                  : "Typed by the interviewer in Ashby.",
          })),
      },
    });
    expect(human.ok, JSON.stringify(human)).toBe(true);
    expect(await processFeedbackWrite(ctx, id, 2)).toEqual({ action: "ack" });
    expect(await findWrite(ctx.deps.db, id)).toMatchObject({
      status: "cancelled",
      result: { reason: "already_submitted_in_ashby" },
    });
    expect(await emu.control.writes(emu.orgId, "feedback")).toHaveLength(1);
  });

  it("a 429 blocks the connection's shared budget for Retry-After, so sync and write-back both wait", async () => {
    const { emu, ctx, clock, id, scope } = await oneWrite({ budgetRate: 10 });
    await emu.control.setFaults(
      { apiKey: emu.apiKey },
      {
        failNext: [
          {
            method: "applicationFeedback.submit",
            count: 1,
            code: "rate_limit_exceeded",
            retryAfterSeconds: 30,
          },
        ],
      },
    );
    expect(await processFeedbackWrite(ctx, id, 1)).toEqual({ action: "retry", delaySeconds: 30 });
    const budget = await env.DB.prepare(
      "SELECT blocked_until FROM ashby_call_budgets WHERE connection_id = ?1",
    )
      .bind(scope.connectionId)
      .first<{ blocked_until: number }>();
    expect(budget?.blocked_until).toBe(clock.now().getTime() + 30_000);
    // Still blocked 10 s later: no call reaches Ashby.
    clock.advance(10);
    const before = (await emu.control.requestCounts(emu.orgId)).total;
    expect(await processFeedbackWrite(ctx, id, 2)).toMatchObject({ action: "retry" });
    expect((await emu.control.requestCounts(emu.orgId)).total).toBe(before);
    clock.advance(21);
    expect(await processFeedbackWrite(ctx, id, 3)).toEqual({ action: "ack" });
    expect(await emu.control.writes(emu.orgId, "feedback")).toHaveLength(1);
  });

  it("a 403 moves the connection to needs_reauth and holds the write", async () => {
    const { emu, ctx, id, scope } = await oneWrite();
    await emu.control.revokeApiKey(emu.apiKey);
    expect(await processFeedbackWrite(ctx, id, 1)).toEqual({ action: "ack" });
    expect(await findWrite(ctx.deps.db, id)).toMatchObject({
      status: "held",
      errorCode: "ashby_credentials_invalid",
    });
    const connection = await env.DB.prepare("SELECT status FROM connections WHERE id = ?1")
      .bind(scope.connectionId)
      .first<{ status: string }>();
    expect(connection?.status).toBe("needs_reauth");
  });

  it("Ashby refusing the submission ends failed with its reason and emits feedback.failed", async () => {
    const { emu, ctx, events, id } = await oneWrite();
    await emu.control.setFaults(
      { apiKey: emu.apiKey },
      {
        failNext: [
          {
            method: "applicationFeedback.submit",
            count: 1,
            code: "invalid_input",
            message: "userId is not an interviewer.",
          },
        ],
      },
    );
    expect(await processFeedbackWrite(ctx, id, 1)).toEqual({ action: "ack" });
    expect(await findWrite(ctx.deps.db, id)).toMatchObject({
      status: "failed",
      errorCode: "ashby_rejected",
      errorMessage: "Ashby refused the feedback: userId is not an interviewer.",
    });
    expect(events.map((e) => e.type)).toEqual(["feedback.failed"]);
  });

  it("the cron re-check finds a feedback deleted in Ashby and emits feedback.deleted_in_ashby once", async () => {
    const { emu, ctx, events, id, clock } = await oneWrite();
    expect(await processFeedbackWrite(ctx, id, 1)).toEqual({ action: "ack" });
    const row = await findWrite(ctx.deps.db, id);
    clock.advance(ctx.config.reverifyEveryMs / 1000 + 1);
    expect(await reverifySubmittedFeedback(ctx)).toEqual({ checked: 1, gone: 0 });
    await emu.control.deleteFeedback(emu.orgId, row?.remoteId as string);
    clock.advance(ctx.config.reverifyEveryMs / 1000 + 1);
    expect(await reverifySubmittedFeedback(ctx)).toEqual({ checked: 1, gone: 1 });
    expect(await reverifySubmittedFeedback(ctx)).toEqual({ checked: 0, gone: 0 });
    expect(await findWrite(ctx.deps.db, id)).toMatchObject({
      status: "succeeded",
      goneAt: clock.now().getTime(),
    });
    expect(events.map((e) => e.type)).toEqual(["feedback.submitted", "feedback.deleted_in_ashby"]);
  });
});
