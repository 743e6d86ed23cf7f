/**
 * People's words for the server's refusal reasons (server/protocol/reasons.ts).
 * The client branches on the code; these sentences are only what is shown.
 */
import { NICK_MAX, NICK_MIN, type RoomStorage } from '../../server/protocol';

const TEXT: Record<string, string> = {
  'protocol/client-too-old': 'This page is older than the server: reload it to get the current version.',
  'protocol/server-too-old': 'The server is older than this page (it is being updated): try again in a few minutes.',
  'bad/event': 'The server did not understand that request.',
  'bad/payload': 'Something in that request was not valid.',
  'rate/limited': 'Too many actions at once: slow down a little.',
  'join/limited': 'Too many join attempts from this network: wait a minute and try again.',
  'room/not-found': 'No room has that code. Check the code on the board.',
  'room/locked': 'The host has locked this room: ask them to unlock it.',
  'room/full': 'This room is full.',
  'room/ended': 'This round is over.',
  'room/not-running': 'The round is not running.',
  'room/started': 'The round has already started.',
  'room/wrong-kind': 'That does not apply to this kind of room.',
  'room/too-many': 'The server has too many rooms open right now: try again later.',
  'room/address-limit': 'Your network (school) already has as many rooms open as it may: end a round that is over, or wait for idle rooms to close.',
  'room/host-limit': 'You already host as many rooms as one host may: end one of your rounds first.',
  'room/restoring': 'The server has just restarted and is bringing this room back: try again in a few seconds.',
  'room/too-costly': 'This scenario is too large to simulate for that many players at that speed on this server.',
  'nick/invalid': `A nickname has ${NICK_MIN} to ${NICK_MAX} letters, digits, spaces, "_", "-" or ".".`,
  'nick/taken': 'Someone in this room already has that nickname: pick another.',
  'auth/not-host': 'Only the host of this room can do that.',
  'auth/bad-token': 'Your seat in this room is gone (removed by the host, or expired).',
  'auth/not-player': 'You are watching, not playing, in this room.',
  'seat/not-found': 'That player is no longer in the room.',
  'seat/already': 'This tab already has a seat in that room.',
  'scenario/unknown': 'That scenario does not exist.',
  'scenario/invalid': 'That scenario is not valid.',
  'control/not-paused': 'Pause the round first.',
  'round/in-progress': 'End the current round first.',
  'round/too-many': 'This room has played as many rounds as a room keeps: create a new room.',
  internal: 'The server hit an unexpected error; nothing was changed. Try again.',
  'client/timeout': 'The server did not answer in time. Try again.',
  'client/offline': 'You are offline: waiting for the connection to come back.',
  'action/unknown-task': 'There is no such task.',
  'action/unknown-cpu': 'There is no such CPU.',
  'action/not-runnable': 'That task is asleep: only runnable tasks can move.',
  'action/pinned': 'That task is migrate-disabled (pinned) right now: it cannot move.',
  'action/affinity': 'That task may not run on that CPU (affinity).',
  'action/same-cpu': 'The task is already on that CPU.',
  'action/not-owner': 'Not your CPU: you move the tasks on the CPUs you own, and place waking tasks onto your own CPUs.',
  'action/not-waking': 'A task can only be placed on the tick it wakes up.',
  'action/wrong-tick': 'Too late: that moment has passed.',
  'action/finished': 'The run is over.',
};

export function reasonText(reason: string, detail?: string): string {
  return TEXT[reason] ?? (detail ? `Refused: ${detail}` : `Refused (${reason}).`);
}

/** The form field a join refusal belongs to, so the error shows next to it. */
export function joinField(reason: string): 'code' | 'nick' | 'form' {
  if (reason.startsWith('nick/')) return 'nick';
  if (reason === 'room/not-found' || reason === 'room/locked' || reason === 'room/full' || reason === 'room/ended' || reason === 'room/started') return 'code';
  return 'form';
}


/**
 * The host's words for finished runs the server could not write to its database yet
 * (RoomInfo.storage): they are kept on the server and saved on their own once it can.
 */
export function storageText(s: RoomStorage): string {
  const runs = s.unsaved === 1 ? '1 finished run is' : `${s.unsaved} finished runs are`;
  const why = s.reason === 'storage/timeout' ? 'the database is not answering' : 'the database refused to write (for example, its disk is full)';
  return `${runs} not saved yet: ${why}. The server keeps them and saves them as soon as it can; this message goes away then. Results and the CSV may be incomplete until then.`;
}
