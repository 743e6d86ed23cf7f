/** The browser's API client reads the server's refusals (server/protocol/http.ts) and keeps their reason. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fetchBoard, readAnswer, submitRun } from '../../../app/lib/api';
import { API_ROUTES } from '../../../server/protocol';

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

afterEach(() => vi.unstubAllGlobals());

describe('readAnswer', () => {
  it("surfaces the server's code, message and retry delay on a refusal", async () => {
    const message = 'too many runs submitted from this address; try again in 40 s';
    const r = await readAnswer(json(429, { error: { code: 'rate-limited', message, retryAfterSeconds: 40 } }), API_ROUTES.submitRun.response);
    expect(r).toEqual({ ok: false, kind: 'refused', status: 429, code: 'rate-limited', message, retryAfterSeconds: 40 });
  });

  it('keeps the sandbox\'s load error of an invalid-policy refusal, for the page to place it', async () => {
    const policy = { kind: 'syntax' as const, line: 3, column: 7, fault: null };
    const r = await readAnswer(json(400, { error: { code: 'invalid-policy', message: 'syntax: \')\' expected', policy } }), API_ROUTES.runPolicy.response);
    expect(r).toEqual({ ok: false, kind: 'refused', status: 400, code: 'invalid-policy', message: 'syntax: \')\' expected', policy });
  });

  it('keeps the message of an error code this build does not know, and says only the status for a foreign body', async () => {
    const newer = await readAnswer(json(503, { error: { code: 'maintenance', message: 'back at noon' } }), API_ROUTES.listScenarios.response);
    expect(newer).toEqual({ ok: false, kind: 'refused', status: 503, code: null, message: 'back at noon' });
    const proxy = await readAnswer(new Response('<h1>Bad gateway</h1>', { status: 502 }), API_ROUTES.listScenarios.response);
    expect(proxy).toMatchObject({ ok: false, kind: 'bad-answer', status: 502, message: expect.stringContaining('502') });
  });

  it('parses a success with the route schema and refuses a body that does not fit it', async () => {
    const ok = await readAnswer(json(200, { id: 'p1', nickname: 'Ann' }), API_ROUTES.getPlayer.response);
    expect(ok).toEqual({ ok: true, value: { id: 'p1', nickname: 'Ann' } });
    const odd = await readAnswer(json(200, { id: 7 }), API_ROUTES.getPlayer.response);
    expect(odd).toMatchObject({ ok: false, kind: 'bad-answer', status: 200 });
  });
});

describe('the pages get the reason in words', () => {
  it('a refused run submission carries the server message (what the result screen shows)', async () => {
    const calls: string[] = [];
    vi.stubGlobal('fetch', async (url: string) => {
      calls.push(url);
      return url === '/api/players'
        ? json(201, { token: 'tok-12345678', id: 'p1', nickname: 'Player 0001' })
        : json(400, { error: { code: 'invalid-input', message: 'body: score: Invalid input: expected int, received number' } });
    });
    const r = await submitRun({ scenario: 'pile-up', seed: 1, actions: [], finalHash: 'abc', score: 1.5 });
    expect(calls).toEqual(['/api/players', '/api/runs']);
    expect(r).toMatchObject({ ok: false, code: 'invalid-input', message: 'body: score: Invalid input: expected int, received number' });
  });

  it('a leaderboard that fails shows the server reason; a missing one is "missing"; a good one becomes rows', async () => {
    vi.stubGlobal('fetch', async () => json(500, { error: { code: 'internal', message: 'the server failed on this request; try again later' } }));
    expect(await fetchBoard('/api/leaderboard/campaign')).toEqual({ state: 'error', message: 'the server failed on this request; try again later' });
    vi.stubGlobal('fetch', async () => json(404, { error: { code: 'unknown-room', message: 'there is no room NOPE22' } }));
    expect(await fetchBoard('/api/leaderboard/room/NOPE22')).toEqual({ state: 'missing' });
    const entry = { rank: 1, playerId: 'p1', nickname: 'Ann', score: 90, finishedAt: '2026-11-24T10:00:00.000Z', runId: 'r1' };
    vi.stubGlobal('fetch', async () => json(200, { scenario: 'pile-up', version: 1, entries: [entry], me: null }));
    expect(await fetchBoard('/api/leaderboard/scenario/pile-up')).toEqual({
      state: 'ok', me: null, rows: [{ rank: 1, playerId: 'p1', nickname: 'Ann', score: 90, runId: 'r1', when: entry.finishedAt }],
    });
  });
});
