import { env } from "cloudflare:test";
import { AttachmentUrlSchema, type CandidateDetail, type SyncedRecordList } from "@ashby-kit/shared";
import { beforeEach, describe, expect, it } from "vitest";
import {
  api,
  ashbyOrg,
  asTenant,
  connectWorkspace,
  DEV_KEY,
  emulator,
  expectError,
  freshDatabase,
  json,
  mintSession,
  waitForSyncRun,
} from "../../test/helpers";

/**
 * GET /v1/attachments/{id}/url inside workerd: the attachment comes from a real initial sync (real queue, real D1)
 * and the link from the suite's HTTP emulator, reached by the worker's own fetch.
 */

const owner = () => asTenant(DEV_KEY, "demo");
const control = emulator;

async function connectedOrg() {
  const org = await ashbyOrg();
  await connectWorkspace("demo", org.fullKey);
  const synced = await waitForSyncRun();
  expect(synced.run?.status).toBe("succeeded");
  return org;
}

/** The first synced candidate that has an attachment, with that attachment. */
async function anAttachment() {
  const page = (await (
    await api("/v1/candidates?limit=50", { headers: owner() })
  ).json()) as SyncedRecordList;
  for (const candidate of page.data) {
    const detail = (await (
      await api(`/v1/candidates/${candidate.id}`, { headers: owner() })
    ).json()) as CandidateDetail;
    const attachment = detail.attachments[0];
    if (attachment) {
      return { candidateId: candidate.id, attachment };
    }
  }
  throw new Error("the seeded org has no attachment");
}

const urlOf = (id: string) => `/v1/attachments/${id}/url`;

async function fileInfoCalls(orgId: string) {
  return (await control().requestCounts(orgId)).byMethod["file.info"] ?? 0;
}

beforeEach(freshDatabase);

describe("GET /v1/attachments/{id}/url", () => {
  it("asks Ashby for a fresh link to the file, for any role, and nothing may cache it", async () => {
    await connectedOrg();
    const { candidateId, attachment } = await anAttachment();
    const { token } = await mintSession("demo", { email: "member@acme.test", role: "member" });
    const res = await api(urlOf(attachment.id), { headers: { authorization: `Bearer ${token}` } });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const link = AttachmentUrlSchema.parse(await res.json());
    expect(link).toMatchObject({
      attachmentId: attachment.id,
      candidateId,
      name: attachment.data.name,
      isResume: attachment.data.isResume,
    });
    // The link works without any key: it is the file itself.
    const file = await fetch(link.url);
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toContain("application/pdf");
    expect(await file.text()).toContain(String(attachment.data.name));
  });

  it("refuses ids it has not synced, ids Ashby no longer lists, and malformed ids, without calling Ashby", async () => {
    const org = await connectedOrg();
    const { attachment } = await anAttachment();
    await expectError(await api(urlOf("no-such-file"), { headers: owner() }), 404, "not_found");
    await expectError(await api(urlOf("bad%20id"), { headers: owner() }), 400, "invalid_request");
    // A reconciliation pass soft-deletes what Ashby no longer has; its handle must not be used any more.
    await env.DB.prepare(
      "UPDATE synced_records SET deleted_at = ?2 WHERE entity = 'attachments' AND ashby_id = ?1",
    )
      .bind(attachment.id, Date.now())
      .run();
    const gone = await expectError(await api(urlOf(attachment.id), { headers: owner() }), 404, "not_found");
    expect(gone.error.message).toMatch(/no longer in Ashby/);
    expect(await fileInfoCalls(org.orgId)).toBe(0);
  });

  it("needs an active connection: paused and never-connected workspaces get their own codes", async () => {
    await expectError(await api(urlOf("anything"), { headers: owner() }), 409, "ashby_not_connected");
    const org = await connectedOrg();
    const { attachment } = await anAttachment();
    const { body, headers } = json({ paused: true });
    expect(
      (await api("/v1/connection", { method: "PATCH", headers: { ...owner(), ...headers }, body })).status,
    ).toBe(200);
    await expectError(await api(urlOf(attachment.id), { headers: owner() }), 409, "ashby_connection_paused");
    expect(await fileInfoCalls(org.orgId)).toBe(0);
  });

  it("a 429 from Ashby comes back with its Retry-After and holds the connection's other calls too", async () => {
    const org = await connectedOrg();
    const { attachment } = await anAttachment();
    await control().setFaults(
      { orgId: org.orgId },
      { failNext: [{ method: "file.info", count: 1, code: "rate_limit_exceeded", retryAfterSeconds: 30 }] },
    );
    const limited = await api(urlOf(attachment.id), { headers: owner() });
    expect(limited.headers.get("retry-after")).toBe("30");
    const body = await expectError(limited, 503, "ashby_rate_limited");
    expect(body.error.retryable).toBe(true);
    expect(await fileInfoCalls(org.orgId)).toBe(1);
    // The connection's shared budget is blocked: the next ask waits it out without calling Ashby.
    const again = await api(urlOf(attachment.id), { headers: owner() });
    expect(Number(again.headers.get("retry-after"))).toBeGreaterThan(25);
    await expectError(again, 503, "ashby_rate_limited");
    expect(await fileInfoCalls(org.orgId)).toBe(1);
  });

  it("a file Ashby no longer has is ashby_not_found, and other Ashby failures keep their code", async () => {
    const org = await connectedOrg();
    const { attachment } = await anAttachment();
    await control().setFaults(
      { orgId: org.orgId },
      {
        failNext: [
          { method: "file.info", count: 1, code: "file_not_found" },
          { method: "file.info", count: 1, code: "internal_server_error" },
        ],
      },
    );
    const missing = await expectError(
      await api(urlOf(attachment.id), { headers: owner() }),
      404,
      "ashby_not_found",
    );
    expect(missing.error.message).toMatch(/next sync/);
    const down = await expectError(
      await api(urlOf(attachment.id), { headers: owner() }),
      503,
      "ashby_unavailable",
    );
    expect(down.error.retryable).toBe(true);
    await control().clearFaults({ orgId: org.orgId });
    expect((await api(urlOf(attachment.id), { headers: owner() })).status).toBe(200);
  });

  it("a revoked key moves the connection to needs_reauth and says so", async () => {
    const org = await connectedOrg();
    const { attachment } = await anAttachment();
    await control().revokeApiKey(org.fullKey);
    await expectError(await api(urlOf(attachment.id), { headers: owner() }), 409, "ashby_needs_reauth");
    const connection = (await (await api("/v1/connection", { headers: owner() })).json()) as {
      status: string;
    };
    expect(connection.status).toBe("needs_reauth");
    // Until someone reconnects, the answer comes from the connection's state.
    await expectError(await api(urlOf(attachment.id), { headers: owner() }), 409, "ashby_needs_reauth");
  });

  it("a key that lost candidatesRead moves the connection to needs_reauth, and the key is not tried again", async () => {
    const org = await connectedOrg();
    const { attachment } = await anAttachment();
    await control().setFaults(
      { orgId: org.orgId },
      { failNext: [{ method: "file.info", count: 1, code: "missing_endpoint_permission", httpStatus: 403 }] },
    );
    await expectError(await api(urlOf(attachment.id), { headers: owner() }), 409, "ashby_needs_reauth");
    await expectError(await api(urlOf(attachment.id), { headers: owner() }), 409, "ashby_needs_reauth");
    expect(await fileInfoCalls(org.orgId)).toBe(1);
  });
});
