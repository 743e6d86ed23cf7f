/**
 * The code the sandbox runs in each fresh QuickJS context before any policy code: a
 * script whose value is `install(moduleFn, trapsJson, maxLogs, maxOut)`. Install
 * makes the environment deterministic (no clock, a seeded Math.random, no GC
 * observers, a console that only records), puts a trap on every host name a policy
 * might reach for, freezes everything reachable from the global object (so nothing
 * can be kept between calls outside the policy's state), and returns the one function
 * the host calls: `call(kind, viewJson, stateJson, task, endsJob, seed)`.
 *
 * `call` runs the module body afresh each time (its top-level variables are new on
 * every call), parses the view and the state, calls the policy and answers one JSON
 * string: {ok:true, answer, state, logs} or {ok:false, kind, message, logs}. An
 * interrupt (the instruction budget) is uncatchable and never reaches this code: the
 * host sees it as the call's exception.
 *
 * Kept as ES2020 text (not a compiled function) so what runs in the VM is exactly this.
 */
export const PRELUDE = String.raw`(function install(moduleFn, trapsJson, maxLogs, maxOut) {
  'use strict';
  var G = globalThis;
  var parse = JSON.parse, stringify = JSON.stringify, imul = Math.imul;
  var freezeObject = Object.freeze, ownKeys = Reflect.ownKeys, describeOwn = Object.getOwnPropertyDescriptor;
  var protoOf = Object.getPrototypeOf, defineProperty = Object.defineProperty;
  var InternalErr = typeof InternalError === 'function' ? InternalError : null;
  var ErrorCtor = Error;
  var denied = null;
  var logs = [];
  var rng = 0;

  // A host name touched: remembered even if the policy catches the error, so the call is stopped.
  var traps = parse(trapsJson);
  traps.forEach(function (t) {
    var name = t[0], why = t[1];
    delete G[name];
    defineProperty(G, name, {
      configurable: false,
      enumerable: false,
      get: function () {
        if (denied === null) denied = name + ': ' + why;
        throw new TypeError(name + ' is not available in the policy sandbox: ' + why);
      },
    });
  });

  // Deterministic: the host seeds it for every call from the tick and the call.
  Math.random = function random() {
    rng = (rng + 0x6d2b79f5) | 0;
    var t = imul(rng ^ (rng >>> 15), 1 | rng);
    t = (t + imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  var show = function (a) {
    try {
      if (typeof a === 'string') return a;
      var s = stringify(a);
      return s === undefined ? String(a) : s;
    } catch (e) {
      return '[unprintable]';
    }
  };
  var log = function () {
    if (logs.length >= maxLogs) return;
    var parts = [];
    for (var i = 0; i < arguments.length; i++) parts.push(show(arguments[i]));
    logs.push(parts.join(' ').slice(0, 500));
  };
  G.console = { log: log, info: log, warn: log, error: log, debug: log };

  var seen = new Set();
  var freeze = function (o) {
    if (o === null || (typeof o !== 'object' && typeof o !== 'function') || seen.has(o)) return;
    seen.add(o);
    freezeObject(o);
    var keys = ownKeys(o);
    for (var i = 0; i < keys.length; i++) {
      var d = describeOwn(o, keys[i]);
      if (!d) continue;
      if ('value' in d) freeze(d.value);
      else {
        freeze(d.get);
        freeze(d.set);
      }
    }
    freeze(protoOf(o));
  };
  freeze(G);
  seen = null;

  var messageOf = function (e) {
    try {
      if (e instanceof ErrorCtor) return String(e.name) + ': ' + String(e.message);
      return 'threw ' + show(e);
    } catch (x) {
      return 'threw a value that cannot be shown';
    }
  };
  var kindOf = function (e) {
    if (denied !== null) return 'host-access';
    try {
      if (InternalErr !== null && e instanceof InternalErr) {
        if (e.message === 'out of memory') return 'memory';
        if (e.message === 'stack overflow') return 'stack';
      }
    } catch (x) {}
    return 'threw';
  };
  var fault = function (kind, message) {
    return stringify({ ok: false, kind: kind, message: (denied !== null ? denied : String(message)).slice(0, 1000), logs: logs });
  };

  return function call(kind, viewJson, stateJson, task, endsJob, seed) {
    denied = null;
    logs = [];
    rng = seed | 0;
    var answer = null, state = null;
    try {
      var module = { exports: {} };
      moduleFn.call(undefined, module.exports, module);
      var ex = module.exports;
      var p = ex !== null && typeof ex === 'object' && ex.default !== null && typeof ex.default === 'object' ? ex.default : ex;
      if (kind === 'describe') {
        answer = {
          name: typeof p.name === 'string' || p.name === undefined ? p.name : null,
          summary: typeof p.summary === 'string' || p.summary === undefined ? p.summary : null,
          init: typeof p.init === 'function',
          selectCpu: typeof p.selectCpu === 'function',
          balance: typeof p.balance === 'function',
          migrateEnable: typeof p.migrateEnable === 'function',
        };
      } else {
        var view = parse(viewJson);
        if (kind === 'init') state = p.init(view);
        else {
          state = parse(stateJson);
          if (kind === 'selectCpu') answer = p.selectCpu(view, task, state);
          else if (kind === 'balance') answer = p.balance(view, state);
          else answer = p.migrateEnable(view, task, endsJob, state);
        }
      }
    } catch (e) {
      return fault(kindOf(e), messageOf(e));
    }
    if (denied !== null) return fault('host-access', '');
    var a, s;
    try {
      a = stringify(answer);
    } catch (e) {
      return fault(denied !== null ? 'host-access' : kindOf(e) === 'threw' ? 'bad-output' : kindOf(e), 'the answer is not JSON: ' + messageOf(e));
    }
    try {
      s = stringify(state);
    } catch (e) {
      return fault(denied !== null ? 'host-access' : kindOf(e) === 'threw' ? 'bad-state' : kindOf(e), 'the state is not JSON: ' + messageOf(e));
    }
    if (denied !== null) return fault('host-access', '');
    if (a === undefined) a = 'null';
    if (s === undefined) s = 'null';
    if (a.length > maxOut) return fault('bad-output', 'the answer is ' + a.length + ' characters of JSON, over the limit of ' + maxOut);
    if (s.length > maxOut) return fault('bad-state', 'the state is ' + s.length + ' characters of JSON, over the limit of ' + maxOut);
    return '{"ok":true,"answer":' + a + ',"state":' + s + ',"logs":' + stringify(logs) + '}';
  };
})`;

/** The host names a policy may not reach, and why (each one a trap: touching it stops the call). */
export const TRAPS: readonly (readonly [string, string])[] = [
  ['process', 'the host process is out of reach'],
  ['require', 'a policy loads no modules'],
  ['module', 'a policy loads no modules'],
  ['global', 'the host is out of reach'],
  ['window', 'the host is out of reach'],
  ['self', 'the host is out of reach'],
  ['navigator', 'the host is out of reach'],
  ['Deno', 'the host is out of reach'],
  ['Bun', 'the host is out of reach'],
  ['Buffer', 'the host is out of reach'],
  ['fetch', 'no network'],
  ['XMLHttpRequest', 'no network'],
  ['WebSocket', 'no network'],
  ['importScripts', 'a policy loads no modules'],
  ['postMessage', 'the host is out of reach'],
  ['Worker', 'no threads'],
  ['setTimeout', 'no timers: a policy answers synchronously'],
  ['setInterval', 'no timers: a policy answers synchronously'],
  ['setImmediate', 'no timers: a policy answers synchronously'],
  ['clearTimeout', 'no timers: a policy answers synchronously'],
  ['clearInterval', 'no timers: a policy answers synchronously'],
  ['queueMicrotask', 'no timers: a policy answers synchronously'],
  ['Date', 'no clock: the simulation is deterministic (use view.tick)'],
  ['performance', 'no clock: the simulation is deterministic (use view.tick)'],
  ['WeakRef', 'garbage collection is not observable: it would make runs differ'],
  ['FinalizationRegistry', 'garbage collection is not observable: it would make runs differ'],
];
