import { describe, expect, it } from "vitest";
import { ListAuditEventsQuerySchema } from "./audit-events";
import { ConnectAshbyRequestSchema, ConnectionSchema, UpdateConnectionRequestSchema } from "./connection";
import { CreateSessionRequestSchema } from "./sessions";
import { CreateTenantRequestSchema, OriginSchema, WorkspaceExternalIdSchema } from "./tenants";

describe("session request", () => {
  const good = {
    workspaceId: "acme-42",
    user: { email: "ada@acme.test", role: "admin", name: "Ada" },
    ttlSeconds: 900,
  };
  it("accepts a workspace, a user with a role, and a ttl up to an hour", () => {
    expect(CreateSessionRequestSchema.safeParse(good).success).toBe(true);
    expect(CreateSessionRequestSchema.safeParse({ ...good, ttlSeconds: 3600 }).success).toBe(true);
  });
  it("rejects long ttls, unknown roles, bad emails and unknown fields", () => {
    for (const bad of [
      { ...good, ttlSeconds: 3601 },
      { ...good, user: { ...good.user, role: "root" } },
      { ...good, user: { ...good.user, email: "ada" } },
      { ...good, user: { ...good.user, name: "A\u0000da" } },
      { ...good, scopes: ["all"] },
    ]) {
      expect(CreateSessionRequestSchema.safeParse(bad).success).toBe(false);
    }
  });
});

describe("workspace ids and origins", () => {
  it("accept host ids with common separators and reject spaces or leading punctuation", () => {
    for (const id of ["acme", "org_1", "a.b:c@d-e", "X".repeat(128)]) {
      expect(WorkspaceExternalIdSchema.safeParse(id).success).toBe(true);
    }
    for (const id of ["", " acme", "-acme", "a b", "X".repeat(129), "a/b"]) {
      expect(WorkspaceExternalIdSchema.safeParse(id).success).toBe(false);
    }
  });
  it("accept bare origins only", () => {
    expect(OriginSchema.safeParse("https://app.example.com").success).toBe(true);
    expect(OriginSchema.safeParse("http://localhost:5173").success).toBe(true);
    for (const origin of [
      "https://app.example.com/",
      "app.example.com",
      "ftp://x.test",
      "https://x.test/path",
    ]) {
      expect(OriginSchema.safeParse(origin).success).toBe(false);
    }
    expect(
      CreateTenantRequestSchema.safeParse({ name: "Host", allowedOrigins: ["https://x.test/"] }).success,
    ).toBe(false);
  });
});

describe("connection requests", () => {
  it("connect takes a key, optional admin email and interval, nothing else", () => {
    expect(ConnectAshbyRequestSchema.safeParse({ apiKey: "abcdefgh123", syncInterval: "6h" }).success).toBe(
      true,
    );
    expect(ConnectAshbyRequestSchema.safeParse({ apiKey: "short" }).success).toBe(false);
    expect(ConnectAshbyRequestSchema.safeParse({ apiKey: "abcdefgh123", syncInterval: "1h" }).success).toBe(
      false,
    );
    expect(ConnectAshbyRequestSchema.safeParse({ apiKey: "abcdefgh123", status: "active" }).success).toBe(
      false,
    );
  });
  it("update needs at least one change", () => {
    expect(UpdateConnectionRequestSchema.safeParse({ paused: false }).success).toBe(true);
    expect(UpdateConnectionRequestSchema.safeParse({}).success).toBe(false);
    expect(UpdateConnectionRequestSchema.safeParse({ paused: "false" }).success).toBe(false);
  });
  it("the connection view has no field that could carry the key", () => {
    const fields = Object.keys(ConnectionSchema.shape);
    expect(fields.filter((field) => /key(?!Title)|secret|cipher/i.test(field))).toEqual([]);
  });
});

describe("audit query", () => {
  it("coerces limit from the query string within 1..100", () => {
    expect(ListAuditEventsQuerySchema.parse({ limit: "20" }).limit).toBe(20);
    expect(ListAuditEventsQuerySchema.safeParse({ limit: "0" }).success).toBe(false);
    expect(ListAuditEventsQuerySchema.safeParse({ limit: "101" }).success).toBe(false);
    expect(ListAuditEventsQuerySchema.safeParse({ cursor: "a b" }).success).toBe(false);
  });
});
