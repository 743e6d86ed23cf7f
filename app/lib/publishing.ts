/**
 * The browser's side of publishing (contract: server/protocol/publishing.ts): a signed-in
 * teacher's scenarios, the gallery, reports and admin hiding. The session is the browser's
 * cookie (same origin); answers are read like every other API answer (api.ts).
 */
import { z } from 'zod';
import { API_ROUTES, type PublishVisibility } from '../../server/protocol';
import { requestJson, type ApiResult } from './api';

const accountSchema = z.object({ account: z.object({ id: z.string(), name: z.string(), role: z.enum(['teacher', 'admin']) }).nullable() });
export type SignedInAccount = NonNullable<z.infer<typeof accountSchema>['account']>;

/** Who this browser is signed in as (null: nobody, or the server could not say). */
export async function fetchAccount(): Promise<SignedInAccount | null> {
  const r = await requestJson('/api/account', accountSchema);
  return r.ok ? r.value.account : null;
}

const P = '/api/published';
const at = (slug: string) => `${P}/${encodeURIComponent(slug)}`;
const send = (method: string, body?: unknown): RequestInit => ({ method, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });

export const VISIBILITY_LABEL: Record<PublishVisibility, string> = {
  private: 'Private (only you)',
  link: 'Anyone with the link',
  rooms: 'My rooms only (students play it in rooms you host)',
  public: 'Public (in the gallery)',
};

export const publishNew = (json: unknown, visibility: PublishVisibility) => requestJson(P, API_ROUTES.publishCreate.response, send('POST', { json, visibility }));
export const publishVersion = (slug: string, json: unknown) => requestJson(at(slug), API_ROUTES.publishUpdate.response, send('PUT', { json }));
export const setVisibility = (slug: string, visibility: PublishVisibility) => requestJson(`${at(slug)}/visibility`, API_ROUTES.publishVisibility.response, send('POST', { visibility }));
export const deletePublished = (slug: string) => requestJson(at(slug), API_ROUTES.publishDelete.response, send('DELETE'));
export const fetchMine = () => requestJson('/api/my/scenarios', API_ROUTES.myScenarios.response);
export const fetchPublished = (slug: string) => requestJson(at(slug), API_ROUTES.publishedGet.response);
export const fetchVersions = (slug: string) => requestJson(`${at(slug)}/versions`, API_ROUTES.publishVersions.response);
export const reportPublished = (slug: string, reason: string) => requestJson(`${at(slug)}/reports`, API_ROUTES.publishReport.response, send('POST', { reason }));
export const fetchReports = (slug: string) => requestJson(`${at(slug)}/reports`, API_ROUTES.publishReports.response);
export const hidePublished = (slug: string, hidden: boolean, reason?: string) =>
  requestJson(`${at(slug)}/hidden`, API_ROUTES.publishHide.response, send('POST', { hidden, ...(reason ? { reason } : {}) }));

export type GalleryPage = z.infer<typeof API_ROUTES.gallery.response>;
export function fetchGallery(q: string, offset = 0, opts: { hidden?: boolean; limit?: number } = {}): Promise<ApiResult<GalleryPage>> {
  const qs = new URLSearchParams({ q, offset: String(offset), limit: String(opts.limit ?? 20), ...(opts.hidden ? { hidden: '1' } : {}) });
  return requestJson(`${P}?${qs}`, API_ROUTES.gallery.response);
}
