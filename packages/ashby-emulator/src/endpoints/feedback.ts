import { z } from "zod";
import { endpoint } from "../endpoint.ts";
import { invalidInput } from "../envelope.ts";
import { validateFieldSubmissions } from "../feedback-validation.ts";
import { PaginationRequestSchema, paginate } from "../pagination.ts";
import type { EventRecord, FeedbackRecord } from "../records.ts";
import { feedbackOfApplication } from "../relations.ts";
import { renderFeedback, renderFeedbackForm, renderFormDefinition } from "../render.ts";
import { CreatedAfterSchema, createdAfter, IdSchema, need, recordWrite } from "./common.ts";

export const feedbackEndpoints = {
  // https://developers.ashbyhq.com/reference/feedbackformdefinitionlist
  "feedbackFormDefinition.list": endpoint({
    permission: "hiringProcessMetadataRead",
    request: PaginationRequestSchema.extend({ includeArchived: z.boolean().optional() }),
    handle: (ctx, body) =>
      paginate(ctx, body, {
        table: ctx.org.tables.feedbackForms,
        match: (form) => body.includeArchived === true || !form.isArchived,
        render: (form) => renderFeedbackForm(ctx.org, form),
      }),
  }),
  // https://developers.ashbyhq.com/reference/feedbackformdefinitioninfo
  "feedbackFormDefinition.info": endpoint({
    permission: "hiringProcessMetadataRead",
    request: z.object({ feedbackFormDefinitionId: IdSchema }),
    handle: (ctx, body) => ({
      results: renderFeedbackForm(
        ctx.org,
        need(
          ctx.org.tables.feedbackForms.get(body.feedbackFormDefinitionId),
          "feedback_form_definition",
          body.feedbackFormDefinitionId,
        ),
      ),
    }),
  }),
  // https://developers.ashbyhq.com/reference/applicationfeedbacksubmit
  "applicationFeedback.submit": endpoint({
    permission: "candidatesWrite",
    request: z.object({
      formDefinitionId: IdSchema,
      applicationId: IdSchema,
      feedbackForm: z.object({
        fieldSubmissions: z.array(z.object({ path: z.string().min(1), value: z.unknown() })),
      }),
      userId: IdSchema.optional(),
      interviewEventId: IdSchema.optional(),
    }),
    handle: (ctx, body) => {
      const t = ctx.org.tables;
      const form = need(
        t.feedbackForms.get(body.formDefinitionId),
        "feedback_form_definition",
        body.formDefinitionId,
      );
      const application = need(t.applications.get(body.applicationId), "application", body.applicationId);
      let event: EventRecord | undefined;
      if (body.interviewEventId !== undefined) {
        if (body.userId === undefined)
          throw invalidInput("userId is required when interviewEventId is given.");
        event = need(t.events.get(body.interviewEventId), "interview_event", body.interviewEventId);
        const schedule = t.schedules.get(event.scheduleId);
        if (schedule?.applicationId !== application.id) {
          throw invalidInput(`Interview event ${event.id} does not belong to application ${application.id}.`);
        }
        need(t.users.get(body.userId), "user", body.userId);
        if (!event.interviewers.some((interviewer) => interviewer.userId === body.userId)) {
          throw invalidInput(`User ${body.userId} is not an interviewer on interview event ${event.id}.`);
        }
      } else if (body.userId !== undefined) {
        need(t.users.get(body.userId), "user", body.userId);
      }
      const submittedValues = validateFieldSubmissions(form, body.feedbackForm.fieldSubmissions);

      const feedback: FeedbackRecord = {
        id: ctx.org.newId("feedback"),
        applicationId: application.id,
        formDefinitionId: form.id,
        submittedByUserId: body.userId ?? ctx.org.apiUserId,
        interviewEventId: event?.id ?? null,
        interviewId: event?.interviewId ?? null,
        submittedAt: ctx.now,
        submittedValues,
      };
      t.feedback.put(feedback, ctx.org.nextSeq());
      const list = ctx.org.createdFeedbackByApplication.get(application.id) ?? [];
      list.push(feedback.id);
      ctx.org.createdFeedbackByApplication.set(application.id, list);
      if (event && !event.hasSubmittedFeedback) {
        t.events.put({ ...event, hasSubmittedFeedback: true, updatedAt: ctx.now }, ctx.org.nextSeq());
      }
      const results = {
        submittedFormInstance: {
          id: feedback.id,
          formDefinition: renderFormDefinition(form),
          submittedValues,
        },
      };
      recordWrite(ctx, "feedback", body, { ...results, feedbackId: feedback.id });
      return { results };
    },
  }),
  // https://developers.ashbyhq.com/reference/applicationfeedbacklist
  "applicationFeedback.list": endpoint({
    permission: "candidatesRead",
    request: PaginationRequestSchema.extend({
      applicationId: IdSchema.optional(),
      createdAfter: CreatedAfterSchema,
    }),
    handle: (ctx, body) =>
      paginate(ctx, body, {
        table: ctx.org.tables.feedback,
        ...(body.applicationId !== undefined
          ? { items: feedbackOfApplication(ctx.org, body.applicationId) }
          : {}),
        match: (feedback) =>
          (body.applicationId === undefined || feedback.applicationId === body.applicationId) &&
          createdAfter(body.createdAfter, feedback.submittedAt),
        render: (feedback) => renderFeedback(ctx.org, feedback),
      }),
  }),
};
