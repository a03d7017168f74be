import { describe, expect, it } from "vitest";
import { createAshbyClient } from "./client";

/** Stands in for Ashby at the HTTP boundary: records each request and answers with `reply`. */
function recordingFetch(reply: () => Response | Promise<Response>) {
  const requests: Request[] = [];
  const fetch = (url: string, init: RequestInit) => {
    requests.push(new Request(url, init));
    return reply();
  };
  return { fetch, requests };
}

const tagBody = { success: true, results: { id: "t1", title: "Senior", isArchived: false } };

describe("Ashby transport", () => {
  it("POSTs JSON to baseUrl/method with Basic auth (key as username, empty password) and the versioned Accept", async () => {
    const { fetch, requests } = recordingFetch(() => Response.json(tagBody));
    const client = createAshbyClient({
      apiKey: "key_123",
      baseUrl: "https://ashby.test/",
      fetch,
      userAgent: "kit/1",
    });
    const result = await client.candidateTag.create({ title: "Senior" });
    expect(result).toEqual({ ok: true, value: tagBody.results });

    const [request] = requests;
    expect(request?.method).toBe("POST");
    expect(request?.url).toBe("https://ashby.test/candidateTag.create");
    expect(request?.headers.get("authorization")).toBe(`Basic ${btoa("key_123:")}`);
    expect(request?.headers.get("content-type")).toBe("application/json");
    expect(request?.headers.get("accept")).toBe("application/json; version=1");
    expect(request?.headers.get("user-agent")).toBe("kit/1");
    expect(await request?.json()).toEqual({ title: "Senior" });
  });

  it("sends {} for a list called without parameters", async () => {
    const { fetch, requests } = recordingFetch(() =>
      Response.json({ success: true, results: [], moreDataAvailable: false }),
    );
    const client = createAshbyClient({ apiKey: "k", baseUrl: "https://ashby.test", fetch });
    expect(await client.department.list()).toEqual({
      ok: true,
      value: { results: [], moreDataAvailable: false },
    });
    expect(await requests[0]?.text()).toBe("{}");
  });

  it("times out a call that never answers, as ashby_timeout, and aborts the request", async () => {
    const { fetch, requests } = recordingFetch(() => new Promise<Response>(() => {}));
    const client = createAshbyClient({ apiKey: "k", baseUrl: "https://ashby.test", fetch, timeoutMs: 50 });
    const started = Date.now();
    const result = await client.apiKey.info();
    expect(result).toMatchObject({ ok: false, error: { code: "ashby_timeout", retryable: true } });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(requests[0]?.signal.aborted).toBe(true);
  });

  it("times out a body that stops streaming halfway", async () => {
    const { fetch } = recordingFetch(() => {
      const stream = new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"success":'));
        },
      });
      return new Response(stream, { status: 200 });
    });
    const client = createAshbyClient({ apiKey: "k", baseUrl: "https://ashby.test", fetch, timeoutMs: 50 });
    expect(await client.apiKey.info()).toMatchObject({ ok: false, error: { code: "ashby_timeout" } });
  });

  it("turns a rejected fetch into ashby_network_error without throwing", async () => {
    const client = createAshbyClient({
      apiKey: "k",
      baseUrl: "https://ashby.test",
      fetch: () => Promise.reject(new TypeError("Network connection lost.")),
    });
    const result = await client.job.list();
    expect(result).toMatchObject({ ok: false, error: { code: "ashby_network_error", retryable: true } });
    expect(!result.ok && result.error.message).toContain("Network connection lost.");
  });

  it("never puts the API key into an error message", async () => {
    const client = createAshbyClient({
      apiKey: "secret_key_value",
      baseUrl: "https://ashby.test",
      fetch: () => new Response("nope", { status: 401 }),
    });
    const result = await client.user.list();
    expect(JSON.stringify(result)).not.toContain("secret_key_value");
  });
});
