import { z } from "zod";
import { endpoint } from "../endpoint.ts";
import { PaginationRequestSchema, paginate } from "../pagination.ts";
import type { JobStatus } from "../records.ts";
import { applicationStatus, renderApplication, renderJob } from "../render.ts";
import { CreatedAfterSchema, createdAfter, IdSchema, need } from "./common.ts";

const JobStatusSchema = z.enum(["Draft", "Open", "Closed", "Archived"]);
const JobExpandSchema = z.array(z.enum(["location", "openings"])).optional();
const DEFAULT_JOB_STATUSES: JobStatus[] = ["Open", "Closed", "Archived"];

const inRange = (value: number | null, after?: number, before?: number) =>
  (after === undefined || (value !== null && value > after)) &&
  (before === undefined || (value !== null && value < before));

export const jobEndpoints = {
  // https://developers.ashbyhq.com/reference/joblist — Drafts only when asked for explicitly
  "job.list": endpoint({
    permission: "jobsRead",
    request: PaginationRequestSchema.extend({
      createdAfter: CreatedAfterSchema,
      status: z.union([z.array(JobStatusSchema), JobStatusSchema]).optional(),
      openedAfter: z.number().int().optional(),
      openedBefore: z.number().int().optional(),
      closedAfter: z.number().int().optional(),
      closedBefore: z.number().int().optional(),
      includeUnpublishedJobPostingsIds: z.boolean().optional(),
      expand: JobExpandSchema,
    }),
    handle: (ctx, body) => {
      const statuses = body.status === undefined ? DEFAULT_JOB_STATUSES : [body.status].flat();
      return paginate(ctx, body, {
        table: ctx.org.tables.jobs,
        match: (job) =>
          statuses.includes(job.status) &&
          createdAfter(body.createdAfter, job.createdAt) &&
          inRange(job.openedAt, body.openedAfter, body.openedBefore) &&
          inRange(job.closedAt, body.closedAfter, body.closedBefore),
        render: (job) => renderJob(ctx.org, job, body.expand ?? []),
      });
    },
  }),
  // https://developers.ashbyhq.com/reference/jobinfo
  "job.info": endpoint({
    permission: "jobsRead",
    request: z.object({
      id: IdSchema,
      includeUnpublishedJobPostingsIds: z.boolean().optional(),
      expand: JobExpandSchema,
    }),
    handle: (ctx, body) => ({
      results: renderJob(ctx.org, need(ctx.org.tables.jobs.get(body.id), "job", body.id), body.expand ?? []),
    }),
  }),
};

export const applicationEndpoints = {
  // https://developers.ashbyhq.com/reference/applicationlist
  "application.list": endpoint({
    permission: "candidatesRead",
    request: PaginationRequestSchema.extend({
      createdAfter: CreatedAfterSchema,
      status: z.enum(["Hired", "Archived", "Active", "Lead"]).optional(),
      jobId: IdSchema.optional(),
      expand: z.array(z.enum(["openings"])).optional(),
    }),
    handle: (ctx, body) =>
      paginate(ctx, body, {
        table: ctx.org.tables.applications,
        match: (application) =>
          createdAfter(body.createdAfter, application.createdAt) &&
          (body.jobId === undefined || application.jobId === body.jobId) &&
          (body.status === undefined ||
            applicationStatus(ctx.org.tables.interviewStages.get(application.stageId)) === body.status),
        render: (application) => renderApplication(ctx.org, application),
      }),
  }),
  // https://developers.ashbyhq.com/reference/applicationinfo
  "application.info": endpoint({
    permission: "candidatesRead",
    request: z.union([
      z.object({
        applicationId: IdSchema,
        expand: z.array(z.enum(["openings", "applicationFormSubmissions", "referrals"])).optional(),
      }),
      z.object({
        submittedFormInstanceId: IdSchema,
        expand: z.array(z.enum(["openings", "applicationFormSubmissions"])).optional(),
      }),
    ]),
    handle: (ctx, body) => {
      const id = "applicationId" in body ? body.applicationId : body.submittedFormInstanceId;
      const application = need(ctx.org.tables.applications.get(id), "application", id);
      const rendered = renderApplication(ctx.org, application, true);
      const expand: readonly string[] = body.expand ?? [];
      if (expand.includes("openings")) rendered.openings = [];
      if (expand.includes("applicationFormSubmissions")) rendered.applicationFormSubmissions = [];
      if (expand.includes("referrals")) rendered.referrals = [];
      return { results: rendered };
    },
  }),
};
