import { hash32 } from "./prng.ts";

/**
 * Record ids are real UUID v4 strings whose last group carries (kind, index). That makes lazy
 * generation possible: `candidate.info` turns the id back into an index without keeping 100k ids in memory.
 * The first groups are an org-specific hash, so ids never collide across orgs.
 *
 *   xxxxxxxx-xxxx-4xxx-8xxx-KKIIIIIIIIII   (KK = kind code, I… = index, hex)
 */
export const ID_KINDS = {
  user: 0x01,
  department: 0x02,
  location: 0x03,
  job: 0x04,
  interviewPlan: 0x05,
  interviewStage: 0x06,
  interview: 0x07,
  feedbackForm: 0x08,
  archiveReason: 0x09,
  source: 0x0a,
  sourceType: 0x0b,
  tag: 0x0c,
  customField: 0x0d,
  candidate: 0x0e,
  application: 0x0f,
  schedule: 0x10,
  event: 0x11,
  note: 0x12,
  feedback: 0x13,
  file: 0x14,
  webhook: 0x15,
  history: 0x16,
  jobPosting: 0x17,
  customFieldValue: 0x18,
  apiKey: 0x19,
  formField: 0x1a,
  interviewerPool: 0x1b,
} as const;
export type IdKind = keyof typeof ID_KINDS;

const KIND_BY_CODE = new Map<number, IdKind>(
  Object.entries(ID_KINDS).map(([kind, code]) => [code, kind as IdKind]),
);

function hex(value: number, length: number): string {
  return value.toString(16).padStart(length, "0").slice(-length);
}

export function orgSalt(orgId: string): string {
  const a = hash32(orgId, "a");
  const b = hash32(orgId, "b");
  // 8 + 4 + 3 + 3 hex chars ahead of the fixed version/variant nibbles
  return `${hex(a, 8)}-${hex(b, 4)}-4${hex(b >>> 16, 3)}-8${hex(a >>> 20, 3)}`;
}

export function makeId(salt: string, kind: IdKind, index: number): string {
  return `${salt}-${hex(ID_KINDS[kind], 2)}${hex(Math.floor(index / 2 ** 24), 4)}${hex(index % 2 ** 24, 6)}`;
}

/** Index of an id of the given kind in this org, or null if the id is not one of ours. */
export function decodeId(salt: string, kind: IdKind, id: string): number | null {
  if (typeof id !== "string" || id.length !== 36 || !id.startsWith(salt)) return null;
  const tail = id.slice(salt.length + 1).toLowerCase();
  if (!/^[0-9a-f]{12}$/.test(tail)) return null;
  const code = Number.parseInt(tail.slice(0, 2), 16);
  if (KIND_BY_CODE.get(code) !== kind) return null;
  return Number.parseInt(tail.slice(2, 6), 16) * 2 ** 24 + Number.parseInt(tail.slice(6), 16);
}
