import { z } from "zod";
import { endpoint } from "../endpoint.ts";
import { permissionToScope } from "../permissions.ts";

export const apiKeyEndpoints = {
  // https://developers.ashbyhq.com/reference/apikeyinfo
  "apiKey.info": endpoint({
    permission: "apiKeysRead",
    request: z.object({}),
    handle: ({ key }) => ({
      results: {
        title: key.title,
        createdAt: new Date(key.createdAt).toISOString(),
        scopes: key.permissions.map(permissionToScope),
      },
    }),
  }),
};
