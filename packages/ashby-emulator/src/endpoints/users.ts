import { z } from "zod";
import { endpoint } from "../endpoint.ts";
import { PaginationRequestSchema, paginate } from "../pagination.ts";
import { renderUser } from "../render.ts";
import { IdSchema, need } from "./common.ts";

export const userEndpoints = {
  // https://developers.ashbyhq.com/reference/userlist
  "user.list": endpoint({
    permission: "organizationRead",
    request: PaginationRequestSchema.extend({ includeDeactivated: z.boolean().optional() }),
    handle: (ctx, body) =>
      paginate(ctx, body, {
        table: ctx.org.tables.users,
        match: (user) => body.includeDeactivated === true || user.isEnabled,
        render: renderUser,
      }),
  }),
  // https://developers.ashbyhq.com/reference/usersearch
  "user.search": endpoint({
    permission: "organizationRead",
    request: z.object({ email: z.string().min(1) }),
    handle: (ctx, body) => {
      const email = body.email.trim().toLowerCase();
      const users = [];
      const table = ctx.org.tables.users;
      for (let position = 0; position < table.size; position++) {
        const user = table.at(position);
        if (user && user.email.toLowerCase() === email) users.push(renderUser(user));
      }
      return { results: users };
    },
  }),
  // https://developers.ashbyhq.com/reference/userinfo
  "user.info": endpoint({
    permission: "organizationRead",
    request: z.object({ userId: IdSchema }),
    handle: (ctx, body) => ({
      results: renderUser(need(ctx.org.tables.users.get(body.userId), "user", body.userId)),
    }),
  }),
};
