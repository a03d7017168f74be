import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env";
import { budgetPolicyFrom, DEFAULT_BUDGET_POLICY } from "./sync/budget";

describe("parseEnv", () => {
  it("accepts the test bindings and parses the keyrings", () => {
    const parsed = parseEnv(env);
    expect(parsed.ENVIRONMENT).toBe("test");
    expect(Object.keys(parsed.ENCRYPTION_KEYS).sort()).toEqual(["k0", "k1"]);
  });

  it("names bad settings without echoing their secret values", () => {
    const broken = {
      ...env,
      ENCRYPTION_KEYS: "not json secret-value-123",
      SESSION_CURRENT_KEY_ID: "missing",
      ASHBY_BASE_URL: "not a url",
    };
    let thrown: unknown;
    try {
      parseEnv(broken);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(EnvError);
    const message = (thrown as EnvError).message;
    expect(message).toContain("ENCRYPTION_KEYS");
    expect(message).toContain("ASHBY_BASE_URL");
    expect(message).not.toContain("secret-value-123");
  });

  it("requires a current key id that exists in its ring", () => {
    expect(() => parseEnv({ ...env, SESSION_CURRENT_KEY_ID: "nope" })).toThrow(/SESSION_CURRENT_KEY_ID/);
    expect(() => parseEnv({ ...env, ENCRYPTION_CURRENT_KEY_ID: "nope" })).toThrow(
      /ENCRYPTION_CURRENT_KEY_ID/,
    );
  });

  it("refuses a missing D1 binding", () => {
    const { DB: _db, ...withoutDb } = env;
    expect(() => parseEnv(withoutDb)).toThrow(/DB/);
  });

  it("takes the Ashby call budget's rate and burst from vars (strings or numbers), or keeps the defaults", () => {
    expect(budgetPolicyFrom(parseEnv(env))).toEqual(DEFAULT_BUDGET_POLICY);
    const tuned = parseEnv({ ...env, ASHBY_CALLS_PER_SECOND: "2.5", ASHBY_CALL_BURST: 30 });
    expect(budgetPolicyFrom(tuned)).toEqual({ ...DEFAULT_BUDGET_POLICY, ratePerSecond: 2.5, capacity: 30 });
    for (const [name, value] of [
      ["ASHBY_CALLS_PER_SECOND", "0"],
      ["ASHBY_CALLS_PER_SECOND", "fast"],
      // A burst no bigger than write-back's reserve would leave sync nothing to spend.
      ["ASHBY_CALL_BURST", "10"],
      ["ASHBY_CALL_BURST", "25.5"],
    ] as const) {
      expect(() => parseEnv({ ...env, [name]: value }), `${name}=${value}`).toThrow(new RegExp(name));
    }
  });
});
