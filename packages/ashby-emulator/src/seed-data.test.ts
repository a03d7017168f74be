import { describe, expect, it } from "vitest";
import { createEmulator } from "./emulator.ts";
import { ashby } from "./test-support/ashby-call.ts";

const NOW = Date.parse("2026-11-20T12:34:00.000Z");

// biome-ignore lint/suspicious/noExplicitAny: generic payloads
type Any = any;

async function snapshot(seed: number, candidates: number) {
  const emu = createEmulator({ seed, candidates, now: () => NOW });
  const all = async (method: string, body: object = {}) => {
    const out: Any[] = [];
    let cursor: string | undefined;
    do {
      const answer = (await ashby(emu, method, { ...body, ...(cursor ? { cursor } : {}) }, emu.apiKey)).body;
      out.push(...answer.results);
      cursor = answer.nextCursor;
    } while (cursor);
    return out;
  };
  return {
    emu,
    candidates: await all("candidate.list"),
    applications: await all("application.list"),
    users: await all("user.list", { includeDeactivated: true }),
    jobs: await all("job.list", { status: ["Draft", "Open", "Closed", "Archived"] }),
    schedules: await all("interviewSchedule.list"),
    feedback: await all("applicationFeedback.list"),
  };
}

describe("seeded data", () => {
  it("is identical for the same seed and size, and different for another seed", async () => {
    const a = await snapshot(5, 80);
    const b = await snapshot(5, 80);
    const c = await snapshot(6, 80);
    const { emu: _a, ...dataA } = a;
    const { emu: _b, ...dataB } = b;
    expect(dataB).toEqual(dataA);
    expect(a.emu.apiKey).toBe(b.emu.apiKey);
    expect(c.candidates.map((x: Any) => x.name)).not.toEqual(a.candidates.map((x: Any) => x.name));
  });

  it("looks like a recruiting org of the requested size", async () => {
    const { emu, candidates, applications, users, jobs, schedules, feedback } = await snapshot(1, 50);
    expect(candidates).toHaveLength(50);
    expect(applications).toHaveLength(75);
    expect(new Set(jobs.map((job: Any) => job.status))).toEqual(
      new Set(["Open", "Closed", "Draft", "Archived"]),
    );
    const org = await emu.control.org(emu.orgId);
    for (const user of users)
      expect(user.email).toBe(`${user.firstName}.${user.lastName}@${org.domain}`.toLowerCase());
    expect(new Set(users.map((user: Any) => user.email)).size).toBe(users.length);
    for (const candidate of candidates) {
      expect(candidate.primaryEmailAddress.value).toMatch(/^[a-z]+\.[a-z]+\d+@/);
      expect(candidate.primaryPhoneNumber.value).toMatch(/^\+1 415 555 \d{4}$/);
      expect(candidate.resumeFileHandle.handle).toBeTruthy();
      expect(candidate.fileHandles.length).toBeGreaterThanOrEqual(1);
      expect(candidate.applicationIds.length).toBeGreaterThanOrEqual(1);
    }
    expect(candidates.some((candidate: Any) => candidate.tags.length > 0)).toBe(true);
    expect(candidates.some((candidate: Any) => candidate.customFields.length > 0)).toBe(true);
    expect(new Set(applications.map((app: Any) => app.status))).toEqual(
      new Set(["Active", "Archived", "Hired", "Lead"]),
    );
    for (const app of applications.filter((x: Any) => x.status === "Archived"))
      expect(app.archiveReason).toBeDefined();

    const events = schedules.flatMap((schedule: Any) => schedule.interviewEvents);
    const starts = events.map((event: Any) => Date.parse(event.startTime));
    expect(starts.some((start: number) => start < NOW)).toBe(true);
    expect(starts.some((start: number) => start > NOW)).toBe(true);
    expect(starts.every((start: number) => Math.abs(start - NOW) < 8 * 24 * 3_600_000)).toBe(true);
    for (const event of events) {
      for (const interviewer of event.interviewers) expect(interviewer.email).toContain("@");
    }
    const overlapping = schedules.some((schedule: Any) => {
      const [first, second] = schedule.interviewEvents;
      return second && Date.parse(second.startTime) < Date.parse(first.endTime);
    });
    expect(overlapping).toBe(true);
    expect(feedback.length).toBeGreaterThan(0);
    const withFeedback = new Set(feedback.map((f: Any) => f.interviewEventId));
    for (const event of events) expect(event.hasSubmittedFeedback).toBe(withFeedback.has(event.id));
  });

  it("links records consistently (application ↔ candidate, schedule ↔ application, info = list)", async () => {
    const { emu, candidates, applications, schedules } = await snapshot(2, 30);
    const byId = new Map(candidates.map((candidate: Any) => [candidate.id, candidate]));
    for (const app of applications)
      expect((byId.get(app.candidate.id) as Any).applicationIds).toContain(app.id);
    const appIds = new Set(applications.map((app: Any) => app.id));
    for (const schedule of schedules) expect(appIds.has(schedule.applicationId)).toBe(true);
    const info = (await ashby(emu, "candidate.info", { id: candidates[7].id }, emu.apiKey)).body.results;
    expect(info).toEqual(candidates[7]);
    const file = (await ashby(emu, "file.info", { fileHandle: info.resumeFileHandle.handle }, emu.apiKey))
      .body.results;
    const download = await emu.fetch(file.url);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("application/pdf");
  });

  it("generates 100k candidates quickly and pages through them lazily", async () => {
    const started = performance.now();
    const emu = createEmulator({ seed: 1, candidates: 100_000, now: () => NOW });
    const created = performance.now() - started;
    const first = (await ashby(emu, "candidate.list", {}, emu.apiKey)).body;
    const last = (await ashby(emu, "application.list", { limit: 100 }, emu.apiKey)).body;
    const info = (await ashby(emu, "candidate.info", { id: first.results[99].id }, emu.apiKey)).body;
    const org = await emu.control.org(emu.orgId);
    console.log(
      `[seed] 100k candidates: org created in ${created.toFixed(0)} ms, first pages in ${(performance.now() - started - created).toFixed(0)} ms; ` +
        `heap ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB; counts ${JSON.stringify(org.counts)}`,
    );
    expect(org.counts.candidates).toBe(100_000);
    expect(org.counts.applications).toBe(150_000);
    expect(org.counts.jobs).toBe(500);
    expect(first.results).toHaveLength(100);
    expect(last.results).toHaveLength(100);
    expect(info.results.id).toBe(first.results[99].id);
  });
});
