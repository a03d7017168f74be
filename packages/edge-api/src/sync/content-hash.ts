/**
 * Canonical JSON (object keys sorted, recursively) so the same Ashby payload always hashes the same, whatever
 * order Ashby happened to serialise its keys in.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(sortKeys);
  }
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const child = (value as Record<string, unknown>)[key];
      if (child !== undefined) {
        out[key] = sortKeys(child);
      }
    }
    return out;
  }
  return value;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
// One encoder for every row: a sync run hashes tens of thousands of rows, and each `new TextEncoder()` is a runtime
// object of its own for the garbage collector to find and destroy.
const encoder = new TextEncoder();

/** SHA-256 (Web Crypto, available in workerd and Node 20) of the canonical JSON, hex encoded. */
export async function contentHash(canonical: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(canonical)));
  let hex = "";
  for (const byte of digest) {
    hex += HEX[byte];
  }
  return hex;
}
