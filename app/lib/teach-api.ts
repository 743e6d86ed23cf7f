/**
 * The browser's side of assignments and class history (contract: server/protocol/teach.ts).
 * Teachers' calls ride on the session cookie (same origin); students' on the anonymous
 * player token (api.ts). Every answer is an ApiResult, never an exception.
 */
import { API_ROUTES, type AssignmentRunRequest, type CreateAssignmentRequest } from '../../server/protocol';
import { ensurePlayer, knownPlayer, requestJson, type ApiResult, type RunClaim, type SubmitAnswer } from './api';

const R = API_ROUTES;
const post = (body: unknown): RequestInit => ({ method: 'POST', body: JSON.stringify(body) });

export const fetchDashboard = () => requestJson('/api/teach', R.teachDashboard.response);
export const createClass = (name: string) => requestJson('/api/classes', R.createClass.response, post({ name }));
export const createAssignment = (body: CreateAssignmentRequest) => requestJson('/api/assignments', R.createAssignment.response, post(body));
export const fetchTeacherAssignment = (id: string) => requestJson(`/api/assignments/${encodeURIComponent(id)}`, R.teacherAssignment.response);
export const tagAssignment = (id: string, classId: string | null) => requestJson(`/api/assignments/${encodeURIComponent(id)}/class`, R.tagAssignment.response, post({ classId }));
export const tagRoom = (code: string, classId: string | null) => requestJson(`/api/teach/rooms/${encodeURIComponent(code)}/class`, R.tagRoom.response, post({ classId }));
export const fetchClassResults = (id: string) => requestJson(`/api/classes/${encodeURIComponent(id)}`, R.classResults.response);

/** The student's view of an assignment (their own attempts when this browser has a player). */
export function fetchStudentAssignment(code: string) {
  const player = knownPlayer();
  const q = player ? `?player=${encodeURIComponent(player.token)}` : '';
  return requestJson(`/api/a/${encodeURIComponent(code)}${q}`, R.studentAssignment.response);
}

/** Submits a finished run as an attempt of the assignment; answered like a solo submission (SoloGame's `submitWith`). */
export async function submitAttempt(code: string, nickname: string, claim: RunClaim): Promise<ApiResult<SubmitAnswer>> {
  const player = await ensurePlayer();
  if (!player) return { ok: false, kind: 'offline', message: 'The server could not be reached. Check your connection and try again.' };
  const body: AssignmentRunRequest = { playerToken: player.token, nickname, seed: claim.seed, actions: claim.actions, finalHash: claim.finalHash, score: claim.score };
  const r = await requestJson(`/api/a/${encodeURIComponent(code)}/runs`, R.assignmentSubmit.response, post(body));
  return r.ok ? { ok: true, value: { id: r.value.attempt.runId, verified: r.value.attempt.verified, reason: r.value.attempt.reason, serverScore: null } } : r;
}
