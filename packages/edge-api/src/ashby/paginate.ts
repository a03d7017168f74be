import type { AshbyPage } from "./envelope";
import { type AshbyError, type AshbyResult, ashbyError } from "./errors";
import type { PageParams } from "./requests";

/** A page as the paginator hands it out: enough to checkpoint after persisting it. */
export type PaginatedPage<T> = AshbyPage<T> & {
  /** 0-based, counted from where this walk started (a resumed walk starts again at 0). */
  pageIndex: number;
  /** The cursor this page was fetched with (undefined for the first page of a pass). */
  cursor: string | undefined;
  /** True on the page with moreDataAvailable:false; only that page carries the pass's new syncToken. */
  isLastPage: boolean;
};

export type PaginateOptions = {
  /** Guard against an Ashby bug looping forever; a walk longer than this fails as ashby_invalid_response. */
  maxPages?: number;
};

/**
 * Any list method: `client.candidate.list` (params optional) and `client.candidate.listNotes` (params required)
 * both fit, and the request type and item type are read off the method itself.
 */
export type ListMethod = (params: never) => Promise<AshbyResult<AshbyPage<unknown>>>;
export type ListParamsOf<F extends ListMethod> = F extends (params: infer P) => unknown
  ? Exclude<P, undefined>
  : never;
export type ListItemOf<F extends ListMethod> = F extends (
  params: never,
) => Promise<AshbyResult<AshbyPage<infer T>>>
  ? T
  : never;

const DEFAULT_MAX_PAGES = 100_000;

/**
 * Walk a cursor-paginated list, one page per iteration. Start from `params` as given, so a sync engine resumes a
 * pass by passing its saved `{ cursor, syncToken }`. The syncToken is repeated on every page together with the
 * cursor (as Ashby's own request examples and Nango do). A failure is yielded once as `{ ok: false, error }` and
 * ends the walk; `paginationFallback(error)` says whether to full-resync or restart the pass.
 */
export async function* paginate<F extends ListMethod>(
  listFn: F,
  params: ListParamsOf<F> & PageParams,
  options: PaginateOptions = {},
): AsyncGenerator<AshbyResult<PaginatedPage<ListItemOf<F>>>, void, undefined> {
  type T = ListItemOf<F>;
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  let cursor = params.cursor;
  for (let pageIndex = 0; ; pageIndex++) {
    if (pageIndex >= maxPages) {
      yield {
        ok: false,
        error: ashbyError("ashby_invalid_response", { message: `Stopped after ${maxPages} pages.` }),
      };
      return;
    }
    const request: PageParams = { ...params };
    if (cursor === undefined) delete request.cursor;
    else request.cursor = cursor;
    const result = (await listFn(request as never)) as AshbyResult<AshbyPage<T>>;
    if (!result.ok) {
      yield result;
      return;
    }
    const page = result.value;
    const isLastPage = !page.moreDataAvailable;
    if (!isLastPage && (page.nextCursor === undefined || page.nextCursor === cursor)) {
      yield {
        ok: false,
        error: ashbyError("ashby_invalid_response", {
          message:
            page.nextCursor === undefined
              ? "Ashby said more data is available but sent no nextCursor."
              : "Ashby sent the same cursor again; stopping instead of looping.",
          ...(result.requestId !== undefined && { ashbyRequestId: result.requestId }),
        }),
      };
      return;
    }
    const value: PaginatedPage<T> = { ...page, pageIndex, cursor, isLastPage };
    yield result.requestId === undefined
      ? { ok: true, value }
      : { ok: true, value, requestId: result.requestId };
    if (isLastPage) return;
    cursor = page.nextCursor;
  }
}

/** Every record of a (small) list plus the pass's syncToken; for lookups such as departments or sources. */
export async function listAll<F extends ListMethod>(
  listFn: F,
  params: ListParamsOf<F> & PageParams,
  options: PaginateOptions = {},
): Promise<AshbyResult<{ results: ListItemOf<F>[]; syncToken?: string }>> {
  const results: ListItemOf<F>[] = [];
  for await (const step of paginate(listFn, params, options)) {
    if (!step.ok) return step;
    results.push(...step.value.results);
    if (step.value.isLastPage) {
      const { syncToken } = step.value;
      return { ok: true, value: syncToken === undefined ? { results } : { results, syncToken } };
    }
  }
  // paginate always ends with a last page or an error; reaching here means it yielded nothing at all.
  return {
    ok: false,
    error: ashbyError("ashby_invalid_response", { message: "Pagination ended without a page." }),
  };
}

export type PaginationFallback = "full_resync" | "restart_pass";

/**
 * The recovery rule, in one place: a token Ashby will no longer honour (expired, undecodable, or too much changed)
 * means drop it and do a full pass; a cursor it will no longer honour means restart the current pass from its
 * first page (keeping the pass's syncToken). Anything else is not a pagination problem (null).
 */
export function paginationFallback(error: AshbyError): PaginationFallback | null {
  switch (error.code) {
    case "ashby_sync_token_expired":
    case "ashby_sync_token_invalid":
    case "ashby_incremental_sync_too_large":
      return "full_resync";
    case "ashby_cursor_expired":
    case "ashby_cursor_invalid":
      return "restart_pass";
    default:
      return null;
  }
}
