import { z } from "zod";

/** One page of a list endpoint. `syncToken` arrives only on the last page of a pass. */
export type AshbyPage<T> = {
  results: T[];
  moreDataAvailable: boolean;
  nextCursor?: string;
  syncToken?: string;
};

/** `{ success: true, results: T }` → T. */
export function singleEnvelope<S extends z.ZodType>(schema: S) {
  return z
    .looseObject({ success: z.literal(true), results: schema })
    .transform((body) => body.results as z.output<S>);
}

/**
 * `{ success: true, results: T[], moreDataAvailable, nextCursor?, syncToken? }` → AshbyPage<T>.
 * Cursor-paginated endpoints must say `moreDataAvailable` (a missing flag would otherwise end a sync early);
 * the few one-shot lists (source.list, archiveReason.list, the searches) may omit it.
 */
export function pageEnvelope<S extends z.ZodType>(item: S, options: { paginated: boolean }) {
  return z
    .looseObject({
      success: z.literal(true),
      results: z.array(item),
      moreDataAvailable: options.paginated ? z.boolean() : z.boolean().optional(),
      nextCursor: z.string().nullish(),
      syncToken: z.string().nullish(),
    })
    .transform((body): AshbyPage<z.output<S>> => {
      const page: AshbyPage<z.output<S>> = {
        results: body.results as z.output<S>[],
        moreDataAvailable: body.moreDataAvailable ?? false,
      };
      if (body.nextCursor) page.nextCursor = body.nextCursor;
      if (body.syncToken) page.syncToken = body.syncToken;
      return page;
    });
}
