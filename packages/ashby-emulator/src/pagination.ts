import { z } from "zod";
import type { EndpointContext } from "./endpoint.ts";
import { AshbyError, type SuccessPayload } from "./envelope.ts";
import { fromBase64Url } from "./render.ts";
import type { Table } from "./table.ts";

/**
 * Ashby's list protocol: `limit` (default and max 100), opaque `nextCursor`, `moreDataAvailable`, and a
 * `syncToken` on the last page only. A request with a `syncToken` is an incremental pass: only records
 * created or changed after the sequence the token was issued at. Tokens and cursors expire (age, or the
 * control API's expire-tokens) and are bound to the org and the method that issued them.
 */

export const PAGE_SIZE_MAX = 100;

export const PaginationRequestSchema = z.object({
  cursor: z.string().optional(),
  syncToken: z.string().optional(),
  limit: z.number().int().min(1).optional(),
});
export type PaginationRequest = z.infer<typeof PaginationRequestSchema>;

const TokenSchema = z.object({
  v: z.literal(1),
  o: z.string(),
  m: z.string(),
  s: z.number().int(),
  g: z.number().int(),
  t: z.number(),
});
const CursorSchema = z.object({
  v: z.literal(1),
  o: z.string(),
  m: z.string(),
  /** "f" = full pass over positions, "i" = incremental pass over the change log. */
  k: z.enum(["f", "i"]),
  /** Next position (full) or log index (incremental). */
  p: z.number().int().min(0),
  /** Full: change sequence at the start of the pass. Incremental: the token's sequence. */
  s: z.number().int(),
  g: z.number().int(),
  t: z.number(),
  /** Page number of the page this cursor asks for (1-based). */
  n: z.number().int().min(1),
});
type Cursor = z.infer<typeof CursorSchema>;

function encode(value: object): string {
  const bytes = new TextEncoder().encode(JSON.stringify(value));
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function decode<S extends z.ZodType>(text: string, schema: S): z.infer<S> | null {
  const json = fromBase64Url(text);
  if (json === null) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function issueSyncToken(ctx: EndpointContext, seq: number): string {
  return encode({ v: 1, o: ctx.org.id, m: ctx.method, s: seq, g: ctx.org.tokenGeneration, t: ctx.now });
}

export interface ListSource<T extends { id: string }> {
  table: Table<T>;
  /**
   * For child lists (notes of a candidate, events of a schedule): the full pass walks these instead of the
   * whole table. Incremental passes still walk the table's change log, filtered by `match`.
   */
  items?: T[];
  /** Filters (request parameters such as jobId, createdAfter, includeArchived). */
  match?: (record: T) => boolean;
  render: (record: T) => unknown;
}

function readCursor(ctx: EndpointContext, text: string): Cursor {
  const cursor = decode(text, CursorSchema);
  if (!cursor || cursor.o !== ctx.org.id || cursor.m !== ctx.method) {
    throw new AshbyError(
      "invalid_next_cursor",
      "The cursor could not be decoded. Restart the listing without a cursor.",
    );
  }
  const tooOld = ctx.now - cursor.t > ctx.state.settings.cursorTtlMs;
  if (cursor.g !== ctx.org.tokenGeneration || tooOld) {
    throw new AshbyError(
      "next_cursor_expired",
      "The cursor has expired. Restart the listing without a cursor.",
    );
  }
  return cursor;
}

function readSyncToken(ctx: EndpointContext, text: string): z.infer<typeof TokenSchema> {
  const token = decode(text, TokenSchema);
  if (!token || token.o !== ctx.org.id || token.m !== ctx.method) {
    throw new AshbyError("sync_token_invalid", "The sync token is invalid. Discard it and run a full sync.");
  }
  const tooOld = ctx.now - token.t > ctx.state.settings.syncTokenTtlMs;
  if (token.g !== ctx.org.tokenGeneration || tooOld || token.s > ctx.org.changeSeq) {
    throw new AshbyError("sync_token_expired", "The sync token has expired. Discard it and run a full sync.");
  }
  return token;
}

/** First log index whose sequence is above `seq` (the log is sorted by sequence). */
function firstLogIndexAfter<T extends { id: string }>(table: Table<T>, seq: number): number {
  const log = table.log;
  let low = 0;
  let high = log.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((log[mid]?.seq ?? 0) <= seq) low = mid + 1;
    else high = mid;
  }
  return low;
}

export function paginate<T extends { id: string }>(
  ctx: EndpointContext,
  request: PaginationRequest,
  source: ListSource<T>,
): SuccessPayload {
  const limit = Math.min(request.limit ?? PAGE_SIZE_MAX, PAGE_SIZE_MAX);
  const match = source.match ?? (() => true);
  const { table } = source;

  let cursor: Omit<Cursor, "v" | "o" | "m" | "g" | "t">;
  if (request.cursor !== undefined) {
    cursor = readCursor(ctx, request.cursor);
  } else if (request.syncToken !== undefined) {
    const token = readSyncToken(ctx, request.syncToken);
    cursor = { k: "i", p: firstLogIndexAfter(table, token.s), s: token.s, n: 1 };
  } else {
    cursor = { k: "f", p: 0, s: ctx.org.changeSeq, n: 1 };
  }

  if (cursor.k === "i" && cursor.n > ctx.state.settings.maxIncrementalPages) {
    throw new AshbyError(
      "incremental_sync_too_large",
      `Too many records changed since this sync token (more than ${ctx.state.settings.maxIncrementalPages} pages). Discard the token and run a full sync.`,
    );
  }

  const page: T[] = [];
  let next: number | null = null;
  if (cursor.k === "f") {
    const items = source.items;
    const size = items ? items.length : table.size;
    for (let position = cursor.p; position < size; position++) {
      const record = items ? items[position] : table.at(position);
      if (!record || !match(record)) continue;
      if (page.length === limit) {
        next = position;
        break;
      }
      page.push(record);
    }
  } else {
    const log = table.log;
    for (let index = cursor.p; index < log.length; index++) {
      const entry = log[index];
      if (!entry || entry.seq <= cursor.s || !table.isLatest(entry)) continue;
      const record = table.get(entry.id);
      if (!record || !match(record)) continue;
      if (page.length === limit) {
        next = index;
        break;
      }
      page.push(record);
    }
  }

  const results = page.map(source.render);
  if (next !== null) {
    const nextCursor = encode({
      v: 1,
      o: ctx.org.id,
      m: ctx.method,
      k: cursor.k,
      p: next,
      s: cursor.s,
      g: ctx.org.tokenGeneration,
      t: ctx.now,
      n: cursor.n + 1,
    });
    return { results, moreDataAvailable: true, nextCursor };
  }
  // A full pass hands out the sequence it started at (changes made mid-pass come back next time); an
  // incremental pass has walked the log to its end, so everything up to now is covered.
  const syncSeq = cursor.k === "f" ? cursor.s : ctx.org.changeSeq;
  return { results, moreDataAvailable: false, syncToken: issueSyncToken(ctx, syncSeq) };
}

/** Lists Ashby does not paginate: everything at once, `moreDataAvailable: false`. */
export function everything<T>(records: T[], render: (record: T) => unknown): SuccessPayload {
  return { results: records.map(render), moreDataAvailable: false };
}
