import type { Clock } from "./clock";

/**
 * Ids are `<prefix>_<12 hex of ms time><16 hex random>`: sortable by creation time (audit pagination relies on
 * it), unguessable enough to be harmless in URLs, and the prefix says what kind of thing an id names.
 */
export type IdPrefix = "ten" | "sk" | "ws" | "conn" | "aud" | "req" | "ses" | (string & {});

export interface Ids {
  make(prefix: IdPrefix): string;
}

export function createIds(clock: Clock): Ids {
  return {
    make(prefix) {
      const time = clock.now().getTime().toString(16).padStart(12, "0");
      const random = crypto.getRandomValues(new Uint8Array(8));
      return `${prefix}_${time}${toHex(random)}`;
    },
  };
}

export function toHex(bytes: Uint8Array): string {
  let out = "";
  for (const byte of bytes) {
    out += byte.toString(16).padStart(2, "0");
  }
  return out;
}
