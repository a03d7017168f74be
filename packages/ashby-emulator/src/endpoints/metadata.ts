import { z } from "zod";
import { endpoint } from "../endpoint.ts";
import { everything, PaginationRequestSchema, paginate } from "../pagination.ts";
import {
  renderArchiveReason,
  renderCustomFieldDefinition,
  renderDepartment,
  renderLocation,
  renderSource,
  renderTag,
} from "../render.ts";
import { recordWrite } from "./common.ts";

const IncludeArchived = z.object({ includeArchived: z.boolean().optional() });

function all<T extends { id: string }>(table: { size: number; at(position: number): T | undefined }): T[] {
  const out: T[] = [];
  for (let position = 0; position < table.size; position++) {
    const record = table.at(position);
    if (record) out.push(record);
  }
  return out;
}

export const metadataEndpoints = {
  // https://developers.ashbyhq.com/reference/candidatetaglist
  "candidateTag.list": endpoint({
    permission: "hiringProcessMetadataRead",
    request: PaginationRequestSchema.extend(IncludeArchived.shape),
    handle: (ctx, body) =>
      paginate(ctx, body, {
        table: ctx.org.tables.tags,
        match: (tag) => body.includeArchived === true || !tag.isArchived,
        render: renderTag,
      }),
  }),
  // https://developers.ashbyhq.com/reference/candidatetagcreate — idempotent by title
  "candidateTag.create": endpoint({
    permission: "hiringProcessMetadataWrite",
    request: z.object({ title: z.string().trim().min(1) }),
    handle: (ctx, body) => {
      const tags = ctx.org.tables.tags;
      const existing = all(tags).find((tag) => tag.title.toLowerCase() === body.title.toLowerCase());
      const tag = existing ?? { id: ctx.org.newId("tag"), title: body.title, isArchived: false };
      if (!existing) tags.put(tag, ctx.org.nextSeq());
      recordWrite(ctx, "tagCreated", body, { tagId: tag.id, created: !existing });
      return { results: renderTag(tag) };
    },
  }),
  // https://developers.ashbyhq.com/reference/customfieldlist
  "customField.list": endpoint({
    permission: "hiringProcessMetadataRead",
    request: PaginationRequestSchema.extend(IncludeArchived.shape),
    handle: (ctx, body) =>
      paginate(ctx, body, {
        table: ctx.org.tables.customFields,
        match: (field) => body.includeArchived === true || !field.isArchived,
        render: renderCustomFieldDefinition,
      }),
  }),
  // https://developers.ashbyhq.com/reference/departmentlist
  "department.list": endpoint({
    permission: "organizationRead",
    request: PaginationRequestSchema.extend(IncludeArchived.shape),
    handle: (ctx, body) =>
      paginate(ctx, body, {
        table: ctx.org.tables.departments,
        match: (department) => body.includeArchived === true || !department.isArchived,
        render: renderDepartment,
      }),
  }),
  // https://developers.ashbyhq.com/reference/locationlist
  "location.list": endpoint({
    permission: "organizationRead",
    request: PaginationRequestSchema.extend({
      ...IncludeArchived.shape,
      includeLocationHierarchy: z.boolean().optional(),
    }),
    handle: (ctx, body) =>
      paginate(ctx, body, {
        table: ctx.org.tables.locations,
        match: (location) =>
          (body.includeArchived === true || !location.isArchived) &&
          (body.includeLocationHierarchy === true || location.type === "Location"),
        render: renderLocation,
      }),
  }),
  // https://developers.ashbyhq.com/reference/archivereasonlist — not paginated
  "archiveReason.list": endpoint({
    permission: "hiringProcessMetadataRead",
    request: IncludeArchived,
    handle: (ctx, body) => ({
      results: all(ctx.org.tables.archiveReasons)
        .filter((reason) => body.includeArchived === true || !reason.isArchived)
        .map(renderArchiveReason),
    }),
  }),
  // https://developers.ashbyhq.com/reference/sourcelist — not paginated, but answers moreDataAvailable
  "source.list": endpoint({
    permission: "hiringProcessMetadataRead",
    request: IncludeArchived,
    handle: (ctx, body) =>
      everything(
        all(ctx.org.tables.sources).filter((source) => body.includeArchived === true || !source.isArchived),
        renderSource,
      ),
  }),
};
