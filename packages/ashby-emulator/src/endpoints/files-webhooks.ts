import { z } from "zod";
import { endpoint } from "../endpoint.ts";
import { AshbyError } from "../envelope.ts";
import { fromBase64Url } from "../render.ts";
import { IdSchema, recordWrite } from "./common.ts";

const WEBHOOK_TYPES = [
  "applicationSubmit",
  "applicationUpdate",
  "candidateHire",
  "candidateStageChange",
  "candidateDelete",
  "candidateMerge",
  "interviewPlanTransition",
  "interviewScheduleCreate",
  "interviewScheduleUpdate",
  "jobPostingUpdate",
  "jobPostingPublish",
  "jobPostingUnpublish",
  "offerCreate",
  "offerUpdate",
  "offerDelete",
  "pushToHRIS",
  "surveySubmit",
] as const;

const HandleSchema = z.object({ o: z.string(), f: z.string(), n: z.string() });

export const fileEndpoints = {
  // https://developers.ashbyhq.com/reference/fileinfo — takes `fileHandle` (not `handle`)
  "file.info": endpoint({
    permission: "candidatesRead",
    request: z.object({ fileHandle: z.string().min(1) }),
    handle: (ctx, body) => {
      const json = fromBase64Url(body.fileHandle);
      let decoded: z.infer<typeof HandleSchema> | null = null;
      try {
        decoded = json === null ? null : HandleSchema.parse(JSON.parse(json));
      } catch {
        decoded = null;
      }
      if (!decoded || decoded.o !== ctx.org.id) {
        throw new AshbyError("file_not_found", "The file handle is not valid for this organization.");
      }
      const path = [ctx.org.id, decoded.f, decoded.n].map(encodeURIComponent).join("/");
      return {
        results: {
          url: `${ctx.state.settings.baseUrl}/_emulator/files/${path}?expires=${ctx.now + 3_600_000}`,
        },
      };
    },
  }),
};

export const webhookEndpoints = {
  // https://developers.ashbyhq.com/reference/webhookcreate
  "webhook.create": endpoint({
    permission: "apiKeysWrite",
    request: z.object({
      webhookType: z.enum(WEBHOOK_TYPES),
      requestUrl: z.url({ protocol: /^https?$/ }),
      secretToken: z.string().min(1),
    }),
    handle: (ctx, body) => {
      const webhook = { id: ctx.org.newId("webhook"), enabled: true, ...body };
      ctx.org.webhooks.set(webhook.id, webhook);
      const results = {
        id: webhook.id,
        enabled: webhook.enabled,
        requestUrl: webhook.requestUrl,
        secretToken: webhook.secretToken,
        webhookType: webhook.webhookType,
      };
      recordWrite(ctx, "webhookCreated", body, results);
      return { results };
    },
  }),
  // https://developers.ashbyhq.com/reference/webhookdelete
  "webhook.delete": endpoint({
    permission: "apiKeysWrite",
    request: z.object({ webhookId: IdSchema }),
    handle: (ctx, body) => {
      if (!ctx.org.webhooks.delete(body.webhookId)) {
        throw new AshbyError("webhook_not_found", `No webhook setting with id "${body.webhookId}" exists.`);
      }
      recordWrite(ctx, "webhookDeleted", body, { webhookId: body.webhookId });
      return { results: { webhookId: body.webhookId } };
    },
  }),
};
