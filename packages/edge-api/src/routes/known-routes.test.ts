import { describe, expect, it } from "vitest";
import { allowedMethodsFor } from "./known-routes";

const routes = [
  { method: "ALL", path: "*" },
  { method: "GET", path: "/v1/connection" },
  { method: "POST", path: "/v1/connection" },
  { method: "PUT", path: "/v1/meetings/:meetingId" },
  { method: "GET", path: "/v1/meetings/:meetingId/feedback" },
];

describe("allowed methods of a path", () => {
  it("lists the methods mounted on an exact path, ignoring middleware", () => {
    expect(allowedMethodsFor(routes, "/v1/connection")).toEqual(["GET", "POST"]);
  });
  it("matches path parameters as one segment", () => {
    expect(allowedMethodsFor(routes, "/v1/meetings/m_1")).toEqual(["PUT"]);
    expect(allowedMethodsFor(routes, "/v1/meetings/m_1/feedback")).toEqual(["GET"]);
    expect(allowedMethodsFor(routes, "/v1/meetings/a/b")).toEqual([]);
  });
  it("knows no methods for unknown paths or near misses", () => {
    expect(allowedMethodsFor(routes, "/v1/connection/")).toEqual([]);
    expect(allowedMethodsFor(routes, "/v1/connectionx")).toEqual([]);
  });
});
