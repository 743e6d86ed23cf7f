import { z } from 'zod';

/**
 * Publishing scenarios (README "Publishing scenarios"; served by server/http/publishing.ts,
 * spread into API_ROUTES in http.ts): a signed-in teacher stores a scenario file, edits it
 * (each edit a new version), chooses who sees it, deletes it; everyone browses the gallery
 * and reports; admins hide.
 */

/** private: the owner only; link: anyone with the link plays and hosts it; rooms: only the owner hosts it; public: the gallery. */
export const PUBLISH_VISIBILITIES = ['private', 'link', 'rooms', 'public'] as const;
export const publishVisibilitySchema = z.enum(PUBLISH_VISIBILITIES);
export type PublishVisibility = z.infer<typeof publishVisibilitySchema>;

/** Scenario slugs as the engine allows them (a published scenario keeps its file's slug). */
export const publishedSlugSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, { error: 'not a scenario slug' });

export const publishCreateSchema = z.strictObject({
  /** A format-1 scenario file: validated by the engine's parseScenario (every error at once: `invalid-scenario`). */
  json: z.unknown(),
  visibility: publishVisibilitySchema.default('private'),
});
export type PublishCreateRequest = z.input<typeof publishCreateSchema>;

/** A new version: the file's slug is the scenario's (a different one is refused). */
export const publishUpdateSchema = z.strictObject({ json: z.unknown() });
export const publishVisibilityRequestSchema = z.strictObject({ visibility: publishVisibilitySchema });
export const publishHideSchema = z.strictObject({
  hidden: z.boolean(),
  /** Why (shown to the owner); required to hide. */
  reason: z.string().trim().max(500).optional(),
}).refine((b) => !b.hidden || (b.reason?.length ?? 0) > 0, { error: 'a reason is required to hide a scenario', path: ['reason'] });
export const publishReportSchema = z.strictObject({
  reason: z.string().trim().min(3, { error: 'say what is wrong (at least 3 characters)' }).max(1000, { error: 'reason: at most 1000 characters' }),
});
export const galleryQuerySchema = z.object({
  q: z.string().trim().max(100).default(''),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
  limit: z.coerce.number().int().min(1).max(50).default(20),
  /** Admins only: the hidden scenarios instead of the gallery (to unhide them). */
  hidden: z.enum(['1']).optional(),
});

const isoDate = z.iso.datetime();

/** One published scenario as the API shows it. `hidden` is shown to its owner and to admins only. */
export const publishedSchema = z.object({
  slug: z.string(),
  title: z.string(),
  summary: z.string(),
  visibility: publishVisibilitySchema,
  version: z.number().int().min(1),
  cpus: z.number().int(),
  duration: z.number().int(),
  /** The caller owns it. */
  mine: z.boolean(),
  /** The caller may host a room on it. */
  hostable: z.boolean(),
  hidden: z.object({ reason: z.string(), at: isoDate }).nullable(),
  createdAt: isoDate,
  updatedAt: isoDate,
});
export type Published = z.infer<typeof publishedSchema>;

export const publishedVersionSchema = z.object({ version: z.number().int().min(1), createdAt: isoDate, current: z.boolean() });

const one = z.object({ scenario: publishedSchema });

export const PUBLISHING_ROUTES = {
  gallery: {
    method: 'GET', path: '/api/published', status: 200, query: galleryQuerySchema,
    response: z.object({ items: z.array(publishedSchema), total: z.number().int().min(0), offset: z.number().int(), limit: z.number().int() }),
  },
  /** 201 with the stored scenario; `invalid-scenario` 400 lists every error; `slug-taken` 409. */
  publishCreate: { method: 'POST', path: '/api/published', status: 201, body: publishCreateSchema, response: one },
  myScenarios: { method: 'GET', path: '/api/my/scenarios', status: 200, response: z.object({ scenarios: z.array(publishedSchema) }) },
  /** 404 unless visible to the caller (private: its owner; hidden: its owner; rooms: its owner). */
  publishedGet: {
    method: 'GET', path: '/api/published/:slug', status: 200, params: { slug: publishedSlugSchema },
    response: z.object({ scenario: publishedSchema.extend({ json: z.unknown() }) }),
  },
  /** The owner's edit: a new version when the content changed (boards and rooms keep theirs). */
  publishUpdate: { method: 'PUT', path: '/api/published/:slug', status: 200, params: { slug: publishedSlugSchema }, body: publishUpdateSchema, response: one },
  /** The owner's delete: `removed`, or `kept` (runs point at it: kept for their replays, hidden from everything else). */
  publishDelete: {
    method: 'DELETE', path: '/api/published/:slug', status: 200, params: { slug: publishedSlugSchema },
    response: z.object({ outcome: z.enum(['removed', 'kept']) }),
  },
  publishVisibility: { method: 'POST', path: '/api/published/:slug/visibility', status: 200, params: { slug: publishedSlugSchema }, body: publishVisibilityRequestSchema, response: one },
  /** Admins only. */
  publishHide: { method: 'POST', path: '/api/published/:slug/hidden', status: 200, params: { slug: publishedSlugSchema }, body: publishHideSchema, response: one },
  /** Anyone who can see it; rate limited per address. */
  publishReport: {
    method: 'POST', path: '/api/published/:slug/reports', status: 201, params: { slug: publishedSlugSchema }, body: publishReportSchema,
    response: z.object({ reported: z.literal(true) }),
  },
  /** Admins only: the reports on a scenario, newest first. */
  publishReports: {
    method: 'GET', path: '/api/published/:slug/reports', status: 200, params: { slug: publishedSlugSchema },
    response: z.object({ reports: z.array(z.object({ version: z.number().int().min(1), reason: z.string(), createdAt: isoDate })) }),
  },
  publishVersions: {
    method: 'GET', path: '/api/published/:slug/versions', status: 200, params: { slug: publishedSlugSchema },
    response: z.object({ versions: z.array(publishedVersionSchema) }),
  },
} as const;
