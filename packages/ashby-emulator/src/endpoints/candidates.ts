import { z } from "zod";
import { type EndpointContext, endpoint } from "../endpoint.ts";
import { AshbyError, invalidInput } from "../envelope.ts";
import { createNote } from "../mutations.ts";
import { PaginationRequestSchema, paginate } from "../pagination.ts";
import type { CandidateRecord } from "../records.ts";
import { notesOfCandidate } from "../relations.ts";
import { renderCandidate, renderNote } from "../render.ts";
import { CreatedAfterSchema, createdAfter, IdSchema, need, recordWrite } from "./common.ts";

const SEARCH_LIMIT = 100;
/** Tags candidate.createNote keeps for text/html notes; everything else is stripped (Ashby does the same). */
const ALLOWED_NOTE_TAGS = new Set(["b", "i", "u", "a", "ul", "ol", "li", "code", "pre", "p", "br"]);

function sanitizeHtml(html: string): string {
  return html.replace(/<\/?([a-zA-Z0-9]+)([^>]*)>/g, (tag, name: string) =>
    ALLOWED_NOTE_TAGS.has(name.toLowerCase()) ? tag : "",
  );
}

function candidate(ctx: EndpointContext, id: string): CandidateRecord {
  return need(ctx.org.tables.candidates.get(id), "candidate", id);
}

function tagEdit(ctx: EndpointContext, body: { candidateId: string; tagId: string }, add: boolean) {
  const current = candidate(ctx, body.candidateId);
  need(ctx.org.tables.tags.get(body.tagId), "tag", body.tagId);
  const has = current.tagIds.includes(body.tagId);
  let updated = current;
  if (has !== add) {
    updated = {
      ...current,
      tagIds: add ? [...current.tagIds, body.tagId] : current.tagIds.filter((id) => id !== body.tagId),
      updatedAt: ctx.now,
    };
    ctx.org.tables.candidates.put(updated, ctx.org.nextSeq());
  }
  const results = renderCandidate(ctx.org, updated);
  recordWrite(ctx, add ? "tagAdded" : "tagRemoved", body, {
    candidateId: updated.id,
    tagId: body.tagId,
    changed: has !== add,
  });
  return { results };
}

const NoteSchema = z.union([
  z.string().min(1),
  z.object({ type: z.enum(["text/plain", "text/html"]), value: z.string().min(1) }),
]);

export const candidateEndpoints = {
  // https://developers.ashbyhq.com/reference/candidatelist
  "candidate.list": endpoint({
    permission: "candidatesRead",
    request: PaginationRequestSchema.extend({ createdAfter: CreatedAfterSchema }),
    handle: (ctx, body) =>
      paginate(ctx, body, {
        table: ctx.org.tables.candidates,
        match: (record) => createdAfter(body.createdAfter, record.createdAt),
        render: (record) => renderCandidate(ctx.org, record),
      }),
  }),
  // https://developers.ashbyhq.com/reference/candidateinfo
  "candidate.info": endpoint({
    permission: "candidatesRead",
    request: z.union([z.object({ id: IdSchema }), z.object({ externalMappingId: z.string().min(1) })]),
    handle: (ctx, body) => {
      if ("id" in body) return { results: renderCandidate(ctx.org, candidate(ctx, body.id)) };
      // The emulator has no HRIS mappings, so an external id never matches.
      throw new AshbyError(
        "candidate_not_found",
        `No candidate with external mapping id "${body.externalMappingId}".`,
      );
    },
  }),
  // https://developers.ashbyhq.com/reference/candidatesearch
  "candidate.search": endpoint({
    permission: "candidatesRead",
    request: z.object({ email: z.string().min(1).optional(), name: z.string().min(1).optional() }),
    handle: (ctx, body) => {
      if (body.email === undefined && body.name === undefined)
        throw invalidInput("Provide email, name, or both.");
      const email = body.email?.trim().toLowerCase();
      const name = body.name?.trim().toLowerCase();
      const table = ctx.org.tables.candidates;
      const results = [];
      for (let position = 0; position < table.size && results.length < SEARCH_LIMIT; position++) {
        const record = table.at(position);
        if (!record) continue;
        if (email !== undefined && record.email.toLowerCase() !== email) continue;
        if (name !== undefined && !`${record.firstName} ${record.lastName}`.toLowerCase().includes(name))
          continue;
        results.push(renderCandidate(ctx.org, record));
      }
      return { results };
    },
  }),
  // https://developers.ashbyhq.com/reference/candidatecreatenote
  "candidate.createNote": endpoint({
    permission: "candidatesWrite",
    request: z.object({
      candidateId: IdSchema,
      note: NoteSchema,
      sendNotifications: z.boolean().optional(),
      isPrivate: z.boolean().optional(),
      createdAt: z.iso.datetime({ offset: true }).optional(),
    }),
    handle: (ctx, body) => {
      candidate(ctx, body.candidateId);
      const content =
        typeof body.note === "string"
          ? body.note
          : body.note.type === "text/html"
            ? sanitizeHtml(body.note.value)
            : body.note.value;
      const note = createNote(ctx.org, {
        candidateId: body.candidateId,
        content,
        authorId: ctx.org.apiUserId,
        isPrivate: body.isPrivate ?? false,
        createdAt: body.createdAt ? Date.parse(body.createdAt) : ctx.now,
      });
      const results = renderNote(ctx.org, note);
      recordWrite(ctx, "note", body, results);
      return { results };
    },
  }),
  // https://developers.ashbyhq.com/reference/candidatelistnotes
  "candidate.listNotes": endpoint({
    permission: "candidatesRead",
    request: PaginationRequestSchema.extend({ candidateId: IdSchema }),
    handle: (ctx, body) => {
      candidate(ctx, body.candidateId);
      return paginate(ctx, body, {
        table: ctx.org.tables.notes,
        items: notesOfCandidate(ctx.org, body.candidateId),
        match: (note) => note.candidateId === body.candidateId,
        render: (note) => renderNote(ctx.org, note),
      });
    },
  }),
  // https://developers.ashbyhq.com/reference/candidateaddtag
  "candidate.addTag": endpoint({
    permission: "candidatesWrite",
    request: z.object({ candidateId: IdSchema, tagId: IdSchema }),
    handle: (ctx, body) => tagEdit(ctx, body, true),
  }),
  // https://developers.ashbyhq.com/reference/candidateremovetag
  "candidate.removeTag": endpoint({
    permission: "candidatesWrite",
    request: z.object({ candidateId: IdSchema, tagId: IdSchema }),
    handle: (ctx, body) => tagEdit(ctx, body, false),
  }),
};
