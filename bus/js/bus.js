// bus: the JavaScript half of the message-bus bridge (bus/helper.py is the other half).
// connect(topic, emitter, options) checks its arguments in order (topic, emitter, options) before
// anything is subscribed. Messages arrive on an internal emitter (one task each, through the
// jsevents EmitterRef) and are dispatched here to the script's emitter, so that a missing
// listener, a throwing listener or a rejected async listener can nack the message.
(function (Q) {
  "use strict";

  const EventEmitter = Q.builtins.events();
  const ReflectApply = Reflect.apply;
  const ObjectFreeze = Object.freeze;
  const ObjectKeys = Object.keys;
  const PromiseCtor = Promise;
  const PromiseThen = Function.prototype.call.bind(Promise.prototype.then);
  const MapGet = Function.prototype.call.bind(Map.prototype.get);
  const MapSet = Function.prototype.call.bind(Map.prototype.set);
  const MapDelete = Function.prototype.call.bind(Map.prototype.delete);
  const ArrayIsArray = Array.isArray;
  const JSONparse = JSON.parse;
  const JSONstringify = JSON.stringify;
  const ArrayJoin = Function.prototype.call.bind(Array.prototype.join);
  const RegExpTest = Function.prototype.call.bind(RegExp.prototype.test);
  const resolved = Promise.resolve();
  const QueueMicrotask = (fn) => { PromiseThen(resolved, fn); };
  const LITERAL_TOPIC = /^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*$/;   // topics.py's _LITERAL
  const MAX_TOPIC_LENGTH = 255;
  const FLUSH_AT = 1024;           // queued publishes handed to the host at once, at most

  const CONNECT_OPTIONS = ["group", "maxInFlight", "ackWaitMs", "maxDeliver", "poisonTopic"];
  const PUBLISH_OPTIONS = ["metadata", "uuid"];
  const NACK_OPTIONS = ["delayMs"];
  const MAX_NACK_DELAY_MS = 86400000;
  const LIMITS = {
    maxInFlight: [1, 10000, 1],
    ackWaitMs: [50, 86400000, 30000],
    maxDeliver: [1, 10000, 10],
  };

  const typeError = (msg, code) => Q.makeError("TypeError", msg, code || "ERR_INVALID_ARG_TYPE");
  const rangeError = (msg) => Q.makeError("RangeError", msg, "ERR_OUT_OF_RANGE");

  function checkTopic(topic, name) {
    if (typeof topic !== "string") {
      throw typeError("bus: " + name + " must be a string, not " + (topic === null ? "null" : typeof topic));
    }
  }

  function checkKeys(options, known, what) {
    if (options === undefined || options === null) return {};
    if (typeof options !== "object" || ArrayIsArray(options)) {
      throw typeError("bus: " + what + " must be an object");
    }
    for (const key of ObjectKeys(options)) {
      if (!known.includes(key)) {
        throw typeError("bus: unknown " + what + " \"" + key + "\" (known: " + known.join(", ") + ")",
          "ERR_INVALID_ARG_VALUE");
      }
    }
    return options;
  }

  function readInt(options, name) {
    const [lo, hi, dflt] = LIMITS[name];
    const v = options[name];
    if (v === undefined || v === null) return dflt;
    if (typeof v !== "number") throw typeError("bus: " + name + " must be a number, not " + typeof v);
    if (!Number.isInteger(v) || v < lo || v > hi) {
      throw rangeError("bus: " + name + " must be an integer from " + lo + " to " + hi + ", not " + v);
    }
    return v;
  }

  function readConnectOptions(options) {
    options = checkKeys(options, CONNECT_OPTIONS, "option");
    const out = {
      group: null, maxInFlight: readInt(options, "maxInFlight"),
      ackWaitMs: readInt(options, "ackWaitMs"), maxDeliver: readInt(options, "maxDeliver"),
      poisonTopic: null,
    };
    const group = options.group;
    if (group !== undefined && group !== null) {
      if (typeof group !== "string") throw typeError("bus: group must be a string, not " + typeof group);
      out.group = group;
    }
    const poison = options.poisonTopic;
    if (poison !== undefined && poison !== null) {
      checkTopic(poison, "poisonTopic");
      out.poisonTopic = poison;
    }
    return out;
  }

  function readMetadata(metadata) {
    if (metadata === undefined || metadata === null) return {};
    if (typeof metadata !== "object" || ArrayIsArray(metadata)) {
      throw typeError("bus: metadata must be an object of strings");
    }
    const out = {};
    for (const key of ObjectKeys(metadata)) {
      const v = metadata[key];
      if (typeof v !== "string") {
        throw typeError("bus: metadata." + key + " must be a string, not " + (v === null ? "null" : typeof v));
      }
      out[key] = v;
    }
    return out;
  }

  function readDelay(options) {
    options = checkKeys(options, NACK_OPTIONS, "nack option");
    const d = options.delayMs;
    if (d === undefined || d === null) return null;
    if (typeof d !== "number") throw typeError("bus: delayMs must be a number, not " + typeof d);
    if (!(d >= 0 && d <= MAX_NACK_DELAY_MS)) {
      throw rangeError("bus: delayMs must be from 0 to " + MAX_NACK_DELAY_MS + ", not " + d);
    }
    return d;
  }

  // A rejection reason as {name, message, stack, code} for the host's error handler. Never throws.
  function describe(e) {
    const read = (k) => { try { return e[k]; } catch { return undefined; } };
    try {
      if (e instanceof Error) {
        const code = read("code");
        return { name: String(read("name")), message: String(read("message")),
          stack: typeof read("stack") === "string" ? read("stack") : "",
          code: code === undefined || code === null ? null : String(code) };
      }
      return { name: "", message: typeof e === "string" ? e : Q.inspect(e), stack: "" };
    } catch {
      return { name: "Error", message: "<unprintable rejection reason>", stack: "" };
    }
  }

  Q.ops["bus.install"] = (specJson) => {
    const spec = JSON.parse(specJson);
    const prefix = spec.prefix;
    let nextPublish = 1;
    const publishes = new Map();    // publish id -> {resolve, reject}

    // Publishes of the common shape (a plain topic, no metadata) are queued here and handed to
    // the host together (one host call for a burst): at the next microtask checkpoint, and
    // before any other call this bus makes to the host, so the host sees every call in order.
    let queued = [];                // JSON texts [id,topic,payload,uuid]
    let flushPending = false;
    function flushPublishes() {
      flushPending = false;
      if (queued.length === 0) return;
      const batch = "[" + ArrayJoin(queued, ",") + "]";
      queued = [];
      Q.hostCall(prefix + ".publishBatch", batch);
    }
    function host(name, ...args) {
      flushPublishes();
      return ReflectApply(Q.hostCall, undefined, [prefix + name, ...args]);
    }

    // settlePublishes(json): [[id, null | {message, code}], ...], in the order acknowledged.
    Q.ops[prefix + ".settlePublishes"] = (json) => {
      const results = JSONparse(json);
      for (let i = 0; i < results.length; i++) {
        const id = results[i][0];
        const error = results[i][1];
        const entry = MapGet(publishes, id);
        if (entry === undefined) continue;
        MapDelete(publishes, id);
        if (error === null) entry.resolve(undefined);
        else entry.reject(Q.makeError("Error", error.message, error.code));
      }
      return null;
    };
    const deliveries = new Map();   // subscription token -> deliver(data)

    // deliver(token, json): one message for one subscription, as its own task (see deliver).
    Q.ops[prefix + ".deliver"] = (token, json) => {
      const deliver = MapGet(deliveries, token);
      if (deliver === undefined) return null;   // closed: close() gave it back
      try {
        const result = deliver(JSONparse(json));
        flushPublishes();  // what it published goes to the bus before its ack
        return result;
      } catch (e) {
        flushPublishes();
        if (Q.life !== undefined && Q.life.exitOnUncaught && Q.uncaught(e)) return undefined;
        throw e;
      }
    };

    // A message object. While its own delivery runs (`state.inline`), a settle is only recorded
    // and returned to the host with the delivery (no host call per message); later settles go to
    // the host at once. Either way the first settle wins.
    function makeMessage(token, data, state) {
      let settled = false;
      const settle = (kind, delayMs) => {
        if (settled) return false;
        settled = true;
        if (state.inline) {
          state.result = kind === "ack" ? true : (delayMs === null ? false : delayMs);
          return true;
        }
        return host(".settle", token, data.t, kind, delayMs) === true;
      };
      const msg = {
        uuid: data.uuid,
        topic: data.topic,
        payload: data.payload,
        metadata: data.metadata,
        deliveryCount: data.deliveryCount,
        ack() { return settle("ack", null); },
        nack(options) { return settle("nack", readDelay(options)); },
        inProgress() {
          if (settled) return false;
          return host(".settle", token, data.t, "progress", null) === true;
        },
      };
      return { msg, autoNack: () => settle("nack", null) };
    }

    // A settle recorded during a delivery that then threw goes to the host before the error does.
    function flushInline(token, data, state) {
      state.inline = false;
      const r = state.result;
      state.result = null;
      if (r === null) return;
      host(".settle", token, data.t, r === true ? "ack" : "nack", r === false ? null : r);
    }

    function connect(topic, emitter, options) {
      checkTopic(topic, "topic");
      if (!Q.isEventEmitter(emitter)) {
        throw typeError("jsevents: value is not an events.EventEmitter");
      }
      const opts = readConnectOptions(options);
      const inner = new EventEmitter();
      flushPublishes();
      const info = Q.hostCallWithHandles(prefix + ".connect", [topic, opts, inner]);
      const token = info.token;
      let closed = false;

      // One delivery (its own task, run by the host's `deliver` op). Returns the settle made
      // while it ran: null (none), true (ack), false (nack with the backoff) or a delay in ms.
      let current = null;   // { data, state } of the delivery running now, for close()
      function deliver(data) {
        const state = { inline: true, result: null };
        const { msg, autoNack } = makeMessage(token, data, state);
        current = { data, state };
        try {
          if (closed) {         // queued before close(): close already gave it back
            autoNack();
            return state.result;
          }
          const listeners = emitter.rawListeners("message");
          if (listeners.length === 0) {
            autoNack();
            return state.result;
          }
          for (let i = 0; i < listeners.length; i++) {
            let result;
            try {
              result = ReflectApply(listeners[i], emitter, [msg]);
            } catch (e) {
              autoNack();
              throw e;
            }
            if (result !== null && typeof result === "object" && typeof result.then === "function") {
              PromiseThen(PromiseCtor.resolve(result), undefined, (err) => {
                autoNack();
                Q.hostCall(prefix + ".listenerFailed", info.id, describe(err));
              });
            }
          }
          state.inline = false;
          return state.result;
        } catch (e) {
          try { autoNack(); } catch {}
          flushInline(token, data, state);
          throw e;
        } finally {
          current = null;
        }
      }
      MapSet(deliveries, token, deliver);
      inner.on("error", (err) => { emitter.emit("error", err); });
      inner.on("close", () => { closed = true; MapDelete(deliveries, token); emitter.emit("close"); });

      const sub = {
        id: info.id,
        topic: info.topic,
        group: info.group,
        close() {
          if (!closed) {
            closed = true;
            MapDelete(deliveries, token);
            // closed by a listener of the delivery running now: a settle it already made goes
            // to the host first, or closing would give the acked message back
            if (current !== null) flushInline(token, current.data, current.state);
            host(".close", token);
          }
          return true;
        },
      };
      return ObjectFreeze(sub);
    }

    function publish(topic, payload, options) {
      checkTopic(topic, "topic");
      if (typeof payload !== "string") {
        throw typeError("bus: payload must be a string, not " + (payload === null ? "null" : typeof payload));
      }
      options = checkKeys(options, PUBLISH_OPTIONS, "option");
      const metadata = readMetadata(options.metadata);
      const uuid = options.uuid;
      if (uuid !== undefined && uuid !== null && typeof uuid !== "string") {
        throw typeError("bus: uuid must be a string, not " + typeof uuid);
      }
      const id = nextPublish++;
      let resolvers;
      const promise = new PromiseCtor((resolve, reject) => { resolvers = { resolve, reject }; });
      MapSet(publishes, id, resolvers);
      if (topic.length <= MAX_TOPIC_LENGTH && RegExpTest(LITERAL_TOPIC, topic)
          && ObjectKeys(metadata).length === 0
          && (uuid === undefined || uuid === null || (uuid.length > 0 && uuid.length <= 256))) {
        queued[queued.length] = "[" + id + "," + JSONstringify(topic) + "," + JSONstringify(payload) + ","
          + (uuid === undefined || uuid === null ? "null" : JSONstringify(uuid)) + "]";
        if (queued.length >= FLUSH_AT) {
          flushPublishes();  // a long burst: let the bus start on it meanwhile
        } else if (!flushPending) {
          flushPending = true;
          QueueMicrotask(flushPublishes);
        }
        return promise;
      }
      try {
        host(".publish", id, topic, payload, metadata, uuid === undefined ? null : uuid);
      } catch (e) {
        MapDelete(publishes, id);
        if (e.code === "ERR_BUS_TOPIC_NOT_ALLOWED" || e.code === "ERR_BUS_CLOSED") {
          resolvers.reject(e);
          return promise;
        }
        throw e;
      }
      return promise;
    }

    Object.defineProperty(globalThis, spec.globalName, { __proto__: null,
      value: ObjectFreeze({ connect, publish }),
      writable: true, configurable: true, enumerable: false,
    });
    return null;
  };
})
