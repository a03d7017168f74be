import type { Endpoint } from "../endpoint.ts";
import { apiKeyEndpoints } from "./api-key.ts";

/** Every emulated Ashby method, keyed `<category>.<method>` exactly as the URL path names it. */
export const ENDPOINTS: Record<string, Endpoint> = {
  ...apiKeyEndpoints,
};
