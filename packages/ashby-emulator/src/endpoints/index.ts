import type { Endpoint } from "../endpoint.ts";
import { apiKeyEndpoints } from "./api-key.ts";
import { candidateEndpoints } from "./candidates.ts";
import { customFieldEndpoints } from "./custom-fields.ts";
import { feedbackEndpoints } from "./feedback.ts";
import { fileEndpoints, webhookEndpoints } from "./files-webhooks.ts";
import { interviewEndpoints } from "./interviews.ts";
import { applicationEndpoints, jobEndpoints } from "./jobs.ts";
import { metadataEndpoints } from "./metadata.ts";
import { userEndpoints } from "./users.ts";

/** Every emulated Ashby method, keyed `<category>.<method>` exactly as the URL path names it. */
export const ENDPOINTS: Record<string, Endpoint> = {
  ...apiKeyEndpoints,
  ...userEndpoints,
  ...candidateEndpoints,
  ...metadataEndpoints,
  ...customFieldEndpoints,
  ...jobEndpoints,
  ...applicationEndpoints,
  ...interviewEndpoints,
  ...feedbackEndpoints,
  ...fileEndpoints,
  ...webhookEndpoints,
};
