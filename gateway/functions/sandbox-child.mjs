// One function instance. Plain JavaScript on purpose: this file is the only
// one the child process may read (`--allow-fs-read=<this file>` under Node's
// permission model), so it cannot load tsx or anything from node_modules.
// Protocol (IPC, JSON): parent → {type:"init", …} once, then {type:"invoke", …}
// one at a time; child → {type:"ready"} at boot, {type:"result", …} per invoke.
import vm from "node:vm";
import util from "node:util";
import net from "node:net";
import dns from "node:dns/promises";
import dnsCallbacks from "node:dns";
import dgram from "node:dgram";
import { createRequire } from "node:module";

const builtinRequire = createRequire(import.meta.url);
// Pure modules a function may require; everything touching files, processes
// or the network (fs, child_process, net, http, dns, worker_threads, …) is not offered.
const ALLOWED_MODULES = new Set(["assert", "buffer", "crypto", "events", "path", "querystring", "stream", "string_decoder", "url", "util", "zlib"]);
const MAX_RESULT_BYTES = 6 * 1024 * 1024;

let fn = null; // {handlerFn, initError, meta}
let logCap = 256 * 1024;
let allowedHosts = new Set();
let current = null; // the invocation running now
let looseLogs = []; // lines written outside an invocation (init, late timers): go with the next one
let looseBytes = 0;

function addLine(level, args) {
  const target = current ?? { logs: looseLogs, logBytes: looseBytes, truncated: false };
  if (target.truncated) return;
  const message = util.format(...args);
  const size = Buffer.byteLength(message);
  if (target.logBytes + size > logCap) {
    target.truncated = true;
    target.logs.push({
      time: Date.now(),
      level: "error",
      message: `Log output truncated: this invocation wrote more than ${Math.round(logCap / 1024)} KB of logs; the rest was dropped.`,
    });
  } else {
    target.logBytes += size;
    target.logs.push({ time: Date.now(), level, message });
  }
  if (!current) looseBytes = target.logBytes;
  else sendLines(current);
}

// Each line goes to the parent as it is written (the IPC write happens at once when the pipe has room), so what a
// function logged survives its being killed at its timeout or memory limit.
function sendLines(invocation) {
  while (invocation.sent < invocation.logs.length) process.send({ type: "log", id: invocation.id, line: invocation.logs[invocation.sent++] });
}

const fnConsole = {
  log: (...a) => addLine("log", a),
  info: (...a) => addLine("info", a),
  warn: (...a) => addLine("warn", a),
  error: (...a) => addLine("error", a),
  debug: (...a) => addLine("debug", a),
  trace: (...a) => addLine("debug", a),
};

// ---- fetch with the loopback/private guard ----
const blocked = new net.BlockList();
for (const [net4, bits] of [["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12], ["192.0.0.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15], ["224.0.0.0", 4], ["240.0.0.0", 4]]) {
  blocked.addSubnet(net4, bits, "ipv4");
}
for (const [net6, bits] of [["::", 128], ["::1", 128], ["fc00::", 7], ["fe80::", 10], ["ff00::", 8]]) blocked.addSubnet(net6, bits, "ipv6");

function isBlockedAddress(address) {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return blocked.check(mapped[1], "ipv4");
  return blocked.check(address, net.isIPv6(address) ? "ipv6" : "ipv4");
}

async function checkTarget(url) {
  if (url.protocol === "data:" || url.protocol === "blob:") return;
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new TypeError(`fetch failed: ${url.protocol} URLs are not allowed`);
  const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (allowedHosts.has(host)) return;
  const addresses = net.isIP(host) ? [host] : (await dns.lookup(host, { all: true })).map((a) => a.address);
  const bad = addresses.find(isBlockedAddress);
  if (bad !== undefined) {
    throw new TypeError(
      `fetch to ${host} refused: ${bad} is a loopback, private or link-local address (an admin can allow the host with GATEHOUSE_FUNCTION_ALLOWED_HOSTS)`,
    );
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
async function guardedFetch(input, init = {}) {
  let request = new Request(input, init);
  const follow = request.redirect === "follow";
  const replayBody = typeof init.body === "string" || init.body instanceof Uint8Array ? init.body : undefined;
  for (let hops = 0; ; hops++) {
    await checkTarget(new URL(request.url));
    const response = await fetch(request, { redirect: "manual" });
    const location = response.headers.get("location");
    if (!follow || !REDIRECTS.has(response.status) || !location) return response;
    if (hops >= 20) throw new TypeError("fetch failed: too many redirects");
    const next = new URL(location, request.url);
    const toGet = response.status === 303 || ((response.status === 301 || response.status === 302) && request.method === "POST");
    const method = toGet ? (request.method === "HEAD" ? "HEAD" : "GET") : request.method;
    const body = toGet || method === "GET" || method === "HEAD" ? undefined : replayBody;
    if (!toGet && method !== "GET" && method !== "HEAD" && body === undefined) throw new TypeError("fetch failed: cannot replay this request body on a redirect");
    request = new Request(next, { method, headers: request.headers, body, redirect: "manual", signal: request.signal });
  }
}

// ---- every connection, checked when it is made ----
// guardedFetch's check above gives a clear early message; this is the
// enforcement. Node's permission model (v20) does not restrict the network, and
// code that escapes the vm context reaches net, tls, http, dgram and the real
// fetch of this realm (process.getBuiltinModule). All TCP (fetch, http, tls,
// net) goes through net.Socket.prototype.connect, UDP through
// dgram.Socket.prototype.send/connect: patched here, before any function code
// runs, to refuse local sockets, loopback/private/link-local IP literals and
// host names that resolve to them. The address checked is the one connected
// to (the lookup runs inside connect), so DNS rebinding between a check and the
// connection cannot pass. process.binding is denied by the permission model, so
// the unpatched TCP handles are out of reach.
function refusal(target, address) {
  const err = new Error(
    `connect to ${target} refused: ${address} is a loopback, private or link-local address (an admin can allow the host with GATEHOUSE_FUNCTION_ALLOWED_HOSTS)`,
  );
  err.code = "EGATEHOUSE_REFUSED";
  return err;
}

/** A dns.lookup-compatible function that fails for blocked addresses (single and `all` answers). */
function guardLookup(host, lookup) {
  return (hostname, options, callback) => {
    const cb = typeof options === "function" ? options : callback;
    const opts = typeof options === "function" ? {} : options;
    lookup(hostname, opts, (err, address, family) => {
      if (err) return cb(err, address, family);
      const list = Array.isArray(address) ? address.map((a) => a.address) : [address];
      const bad = list.find(isBlockedAddress);
      if (bad !== undefined) return cb(refusal(host, bad));
      cb(null, address, family);
    });
  };
}

const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  // net.connect passes one normalized [options, callback] array; direct calls pass (options | port | path, …).
  const first = args[0];
  let options;
  if (Array.isArray(first)) options = first[0];
  else if (first !== null && typeof first === "object") options = first;
  else if (typeof first === "number" || (typeof first === "string" && /^\d+$/.test(first))) {
    options = { port: first, host: typeof args[1] === "string" ? args[1] : "localhost" };
    args = [options, ...args.slice(typeof args[1] === "string" ? 2 : 1)];
  } else if (typeof first === "string") options = { path: first };
  else options = {};
  if (options.path !== undefined) {
    const err = new Error(`connect to ${options.path} refused: functions may not use local (Unix) sockets`);
    err.code = "EGATEHOUSE_REFUSED";
    process.nextTick(() => this.destroy(err));
    return this;
  }
  const host = String(options.host ?? "localhost").replace(/^\[|\]$/g, "").toLowerCase();
  if (!allowedHosts.has(host)) {
    if (net.isIP(host)) {
      if (isBlockedAddress(host)) {
        process.nextTick(() => this.destroy(refusal(host, host)));
        return this;
      }
    } else options.lookup = guardLookup(host, options.lookup ?? dnsCallbacks.lookup);
  }
  return originalConnect.apply(this, args);
};

const originalSend = dgram.Socket.prototype.send;
const originalUdpConnect = dgram.Socket.prototype.connect;
function udpTarget(address) {
  const host = String(address ?? "localhost").replace(/^\[|\]$/g, "").toLowerCase();
  return allowedHosts.has(host) || (net.isIP(host) && !isBlockedAddress(host)) ? null : host;
}
dgram.Socket.prototype.send = function guardedSend(...args) {
  // (msg, [offset, length,] port, address, callback): the address is the first string after the port.
  const address = args.find((a, i) => i > 0 && typeof a === "string");
  const host = udpTarget(address);
  if (host !== null) throw refusal(host, net.isIP(host) ? host : `${host} (UDP needs an IP address that is not local)`);
  return originalSend.apply(this, args);
};
dgram.Socket.prototype.connect = function guardedUdpConnect(port, address, callback) {
  const host = udpTarget(typeof address === "string" ? address : undefined);
  if (host !== null) throw refusal(host, net.isIP(host) ? host : `${host} (UDP needs an IP address that is not local)`);
  return originalUdpConnect.call(this, port, address, callback);
};

// ---- pending work, so a callback handler that never calls back finishes when nothing is left ----
let pendingWork = 0;
let onIdle = null;
function workDone() {
  pendingWork--;
  if (pendingWork <= 0 && onIdle) setImmediate(() => pendingWork <= 0 && onIdle && onIdle());
}
const timers = new Map();
function wrapTimer(set, clear, repeat) {
  const wrappedSet = (cb, ms, ...args) => {
    pendingWork++;
    const handle = set(() => {
      if (!repeat) {
        timers.delete(handle);
        workDone();
      }
      cb(...args);
    }, ms);
    timers.set(handle, true);
    return handle;
  };
  const wrappedClear = (handle) => {
    if (timers.delete(handle)) workDone();
    clear(handle);
  };
  return [wrappedSet, wrappedClear];
}
const [fnSetTimeout, fnClearTimeout] = wrapTimer(setTimeout, clearTimeout, false);
const [fnSetInterval, fnClearInterval] = wrapTimer(setInterval, clearInterval, true);
const countedFetch = (...args) => {
  pendingWork++;
  return guardedFetch(...args).finally(workDone);
};

function createContext(env) {
  const fnProcess = {
    env: { ...env },
    version: process.version,
    versions: { ...process.versions },
    platform: process.platform,
    arch: process.arch,
    nextTick: (cb, ...args) => process.nextTick(cb, ...args),
    hrtime: process.hrtime,
    uptime: () => process.uptime(),
    memoryUsage: () => process.memoryUsage(),
  };
  const context = vm.createContext({
    console: fnConsole,
    process: fnProcess,
    setTimeout: fnSetTimeout,
    clearTimeout: fnClearTimeout,
    setInterval: fnSetInterval,
    clearInterval: fnClearInterval,
    setImmediate,
    clearImmediate,
    queueMicrotask,
    fetch: countedFetch,
    Request,
    Response,
    Headers,
    FormData,
    AbortController,
    AbortSignal,
    Blob,
    URL,
    URLSearchParams,
    TextEncoder,
    TextDecoder,
    Buffer,
    atob,
    btoa,
    structuredClone,
    crypto: globalThis.crypto,
  });
  return context;
}

function init(msg) {
  logCap = msg.logCapBytes;
  allowedHosts = new Set(msg.allowedHosts.map((h) => h.toLowerCase()));
  // The process's own environment is the function's environment and nothing else.
  for (const key of Object.keys(process.env)) delete process.env[key];
  Object.assign(process.env, msg.env);
  const context = createContext(msg.env);
  const fnModule = { exports: {} };
  const fnRequire = (name) => {
    const bare = String(name).replace(/^node:/, "");
    if (ALLOWED_MODULES.has(bare)) return builtinRequire(`node:${bare}`);
    const err = new Error(`Cannot find module '${name}' (functions may require only: ${[...ALLOWED_MODULES].join(", ")})`);
    err.code = "MODULE_NOT_FOUND";
    throw err;
  };
  fn = { handlerFn: null, initError: null, meta: msg };
  try {
    const wrapper = vm.runInContext(`(function (exports, require, module) {${msg.code}\n})`, context, { filename: "index.js" });
    wrapper(fnModule.exports, fnRequire, fnModule);
    const exportName = msg.handler.split(".").pop() || "handler";
    const handlerFn = fnModule.exports[exportName];
    if (typeof handlerFn !== "function") {
      const err = new Error(`${msg.handler} is undefined or not exported`);
      err.name = "Runtime.HandlerNotFound";
      throw err;
    }
    fn.handlerFn = handlerFn;
  } catch (err) {
    fn.initError = err;
    addLine("error", [err]);
  }
}

function errorInfo(err) {
  if (err && typeof err === "object") {
    return { errorType: String(err.name ?? "Error"), errorMessage: String(err.message ?? err), stack: String(err.stack ?? err.message ?? err) };
  }
  return { errorType: "Error", errorMessage: String(err), stack: String(err) };
}

function peakMemoryMb() {
  return Math.ceil(process.resourceUsage().maxRSS / 1024);
}

function finish(invocation, outcome) {
  if (invocation.done) return;
  invocation.done = true;
  onIdle = null;
  const durationMs = performance.now() - invocation.started;
  let ok = outcome.ok;
  let payload;
  let errorMessage;
  if (ok) {
    try {
      payload = JSON.stringify(outcome.result === undefined ? null : outcome.result) ?? "null";
      if (Buffer.byteLength(payload) > MAX_RESULT_BYTES) {
        throw Object.assign(new Error(`Response payload size exceeded maximum allowed payload size (${MAX_RESULT_BYTES} bytes).`), { name: "Function.ResponseSizeTooLarge" });
      }
    } catch (err) {
      ok = false;
      const info = errorInfo(err);
      addLine("error", [`Could not return the handler's result: ${info.errorMessage}`]);
      payload = JSON.stringify({ errorType: info.errorType === "TypeError" ? "Runtime.ResponseSerializationError" : info.errorType, errorMessage: info.errorMessage });
      errorMessage = info.errorMessage;
    }
  }
  if (!ok && payload === undefined) {
    const info = errorInfo(outcome.error);
    addLine("error", [info.stack]);
    payload = JSON.stringify({ errorType: info.errorType, errorMessage: info.errorMessage, trace: info.stack.split("\n") });
    errorMessage = info.errorMessage;
  }
  sendLines(invocation);
  current = null;
  // The lines went ahead of the result on the same channel; the parent attaches them.
  process.send({ type: "result", id: invocation.id, ok, payload, errorMessage, logs: [], durationMs, peakMemoryMb: peakMemoryMb() });
}

function invoke(msg) {
  const invocation = { id: msg.id, started: performance.now(), logs: looseLogs, logBytes: looseBytes, truncated: false, done: false, sent: 0 };
  looseLogs = [];
  looseBytes = 0;
  current = invocation;
  sendLines(invocation);
  const done = (outcome) => {
    // Lines written after the result belong to no invocation any more.
    if (current === invocation) finish(invocation, outcome);
  };
  if (fn.initError) return done({ ok: false, error: fn.initError });
  const deadline = Date.now() + msg.remainingMs;
  const m = fn.meta;
  const context = {
    functionName: m.functionName,
    functionVersion: m.functionVersion,
    invokedFunctionArn: msg.functionArn,
    memoryLimitInMB: String(m.memoryMb),
    awsRequestId: msg.requestId,
    logGroupName: `/aws/lambda/${m.functionName}`,
    logStreamName: m.logStreamName,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  // As Lambda's Node.js runtime: with callbackWaitsForEmptyEventLoop (the default) the callback's result is
  // sent once no timer or fetch of the function is pending; set to false, at once (pending work is frozen).
  let calledBack = false;
  const callback = (err, result) => {
    if (calledBack) return;
    calledBack = true;
    const outcome = err ? { ok: false, error: err } : { ok: true, result };
    if (context.callbackWaitsForEmptyEventLoop === false || pendingWork <= 0) return done(outcome);
    onIdle = () => done(outcome);
  };
  let returned;
  try {
    returned = fn.handlerFn(msg.event, context, callback);
  } catch (err) {
    return done({ ok: false, error: err });
  }
  if (returned && typeof returned.then === "function") {
    returned.then((result) => done({ ok: true, result }), (error) => done({ ok: false, error }));
  } else {
    // Callback style (any handler that returns no promise), as Lambda's Node.js runtime does:
    // the callback's value, or null once no timer or fetch of the function is left.
    if (!calledBack) {
      onIdle = () => done({ ok: true, result: null });
      if (pendingWork <= 0) setImmediate(() => pendingWork <= 0 && onIdle && onIdle());
    }
  }
}

process.on("uncaughtException", (err) => {
  if (current) finish(current, { ok: false, error: err });
  else addLine("error", [err]);
});
process.on("unhandledRejection", (err) => {
  if (current) finish(current, { ok: false, error: err });
  else addLine("error", [err]);
});

process.on("message", (msg) => {
  if (msg.type === "init") init(msg);
  else if (msg.type === "invoke") invoke(msg);
});
process.on("disconnect", () => process.exit(0));
// Pay the one-time costs now, while this process waits as a spare: Node loads fetch (undici) lazily,
// and the first context, compile and format are slow too.
void [fetch, Request, Response, Headers, FormData, Blob, AbortController];
vm.runInContext("(function (exports) { exports.x = JSON.stringify({ a: [1] }); })", createContext({}))({});
util.format("%s %o", "warm", { up: true });
process.send({ type: "ready" });
