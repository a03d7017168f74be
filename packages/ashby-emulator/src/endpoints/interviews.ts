import { z } from "zod";
import { endpoint } from "../endpoint.ts";
import { everything, PaginationRequestSchema, paginate } from "../pagination.ts";
import type { InterviewStageRecord } from "../records.ts";
import { eventsOfSchedule, schedulesOfApplication } from "../relations.ts";
import { renderEvent, renderInterview, renderSchedule, renderStage } from "../render.ts";
import { CreatedAfterSchema, createdAfter, IdSchema, need } from "./common.ts";

export const interviewEndpoints = {
  // https://developers.ashbyhq.com/reference/interviewstagelist — not paginated, plan order
  "interviewStage.list": endpoint({
    permission: "interviewsRead",
    request: z.object({ interviewPlanId: IdSchema }),
    handle: (ctx, body) => {
      const plan = need(
        ctx.org.tables.interviewPlans.get(body.interviewPlanId),
        "interview_plan",
        body.interviewPlanId,
      );
      const stages = plan.stageIds
        .map((id) => ctx.org.tables.interviewStages.get(id))
        .filter((stage): stage is InterviewStageRecord => stage !== undefined);
      return everything(stages, renderStage);
    },
  }),
  // https://developers.ashbyhq.com/reference/interviewlist
  "interview.list": endpoint({
    permission: "interviewsRead",
    request: PaginationRequestSchema.extend({
      includeArchived: z.boolean().optional(),
      includeNonSharedInterviews: z.boolean().optional(),
      excludeArchivedScheduleTemplateInterviews: z.boolean().optional(),
    }),
    handle: (ctx, body) =>
      paginate(ctx, body, {
        table: ctx.org.tables.interviews,
        match: (interview) =>
          (body.includeArchived === true || !interview.isArchived) &&
          (body.includeNonSharedInterviews === true || interview.jobId === null),
        render: renderInterview,
      }),
  }),
  // https://developers.ashbyhq.com/reference/interviewschedulelist
  "interviewSchedule.list": endpoint({
    permission: "interviewsRead",
    request: PaginationRequestSchema.extend({
      createdAfter: CreatedAfterSchema,
      applicationId: IdSchema.optional(),
      interviewStageId: IdSchema.optional(),
    }),
    handle: (ctx, body) =>
      paginate(ctx, body, {
        table: ctx.org.tables.schedules,
        ...(body.applicationId !== undefined
          ? { items: schedulesOfApplication(ctx.org, body.applicationId) }
          : {}),
        match: (schedule) =>
          createdAfter(body.createdAfter, schedule.createdAt) &&
          (body.applicationId === undefined || schedule.applicationId === body.applicationId) &&
          (body.interviewStageId === undefined || schedule.interviewStageId === body.interviewStageId),
        render: (schedule) => renderSchedule(ctx.org, schedule),
      }),
  }),
  // https://developers.ashbyhq.com/reference/interviewEventlist — events of one schedule, expand: ["interview"]
  "interviewEvent.list": endpoint({
    permission: "interviewsRead",
    request: PaginationRequestSchema.extend({
      interviewScheduleId: IdSchema,
      createdAfter: CreatedAfterSchema,
      expand: z.array(z.enum(["interview"])).optional(),
    }),
    handle: (ctx, body) => {
      const schedule = need(
        ctx.org.tables.schedules.get(body.interviewScheduleId),
        "interview_schedule",
        body.interviewScheduleId,
      );
      const expandInterview = (body.expand ?? []).includes("interview");
      return paginate(ctx, body, {
        table: ctx.org.tables.events,
        items: eventsOfSchedule(ctx.org, schedule),
        match: (event) =>
          event.scheduleId === schedule.id && createdAfter(body.createdAfter, event.createdAt),
        render: (event) => renderEvent(ctx.org, event, expandInterview),
      });
    },
  }),
};
