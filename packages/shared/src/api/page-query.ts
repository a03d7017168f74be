import { z } from "zod";

/**
 * The `limit` + `cursor` query fields every list endpoint takes. Cursors are opaque base64url strings we mint,
 * so anything else is refused before it reaches a query. Bounds differ per list (record pages may be larger).
 */
export function pageQueryFields({ maxLimit = 100, maxCursorLength = 200 } = {}) {
  return {
    limit: z.coerce.number().int().min(1).max(maxLimit).optional(),
    cursor: z
      .string()
      .max(maxCursorLength)
      .regex(/^[A-Za-z0-9_-]+$/)
      .optional(),
  };
}
