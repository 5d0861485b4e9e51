/**
 * The shared gate's state lives in Redis and changes only inside these Lua scripts, each atomic, so that no
 * two replicas can both take the last slot (no read-then-write race). Time is Redis's own clock (`TIME`), the
 * same for every replica whatever their clocks say.
 *
 * Slots: a sorted set, member = a request id, score = the latest time (ms) the request may have reached the
 * upstream, as in the in-process `RateGate`: its start + the longest it can be in flight while unanswered,
 * its answer time once answered. A request may start when fewer than `limit` slots may have arrived within the last window.
 *
 * Return from an outage: while Redis was unreachable each replica admitted up to its local share (rate /
 * replicas) without telling anyone. A replica finding Redis again first writes those slots into the set
 * (`RETURN_SCRIPT`), and opens a transition: until it ends, the replicas that have not come back yet may still
 * be sending on their local share, so the others leave room for them (`limit − missing × share`, see
 * `ADMIT_SCRIPT`). Without this a restarted, empty Redis let the returning replicas use the whole rate on top
 * of what their fallbacks had just sent: 18 and 19 requests in one second, and 429s.
 */

/** Shared Lua prelude: the Redis clock in milliseconds. */
const NOW = `local t = redis.call('TIME'); local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/**
 * KEYS: slots, pause, transition (until when, ms), returned (the replicas back from the outage).
 * ARGV: window ms, limit, max in-flight ms, member, replicas, local share (fallback rate per replica).
 * Returns {1, 0} when admitted (the slot taken), else {0, ms to wait before asking again}.
 */
export const ADMIT_SCRIPT = `${NOW}
local window = tonumber(ARGV[1]); local limit = tonumber(ARGV[2]); local inflight = tonumber(ARGV[3])
local paused = tonumber(redis.call('GET', KEYS[2]) or '0')
if paused > now then return {0, paused - now} end
if tonumber(redis.call('GET', KEYS[3]) or '0') > now then
  local missing = math.max(0, tonumber(ARGV[5]) - redis.call('SCARD', KEYS[4]))
  limit = math.max(1, limit - missing * tonumber(ARGV[6]))
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < limit then
  redis.call('ZADD', KEYS[1], now + inflight, ARGV[4])
  redis.call('PEXPIRE', KEYS[1], window + inflight + 60000)
  return {1, 0}
end
local nth = redis.call('ZREVRANGE', KEYS[1], limit - 1, limit - 1, 'WITHSCORES')
return {0, math.max(1, tonumber(nth[2]) + window - now)}`;

/** KEYS: slots. ARGV: member. The answer is back: the request had arrived by now. */
export const RELEASE_SCRIPT = `${NOW}
if redis.call('ZSCORE', KEYS[1], ARGV[1]) then redis.call('ZADD', KEYS[1], 'XX', now, ARGV[1]) end
return 1`;

/** KEYS: pause. ARGV: ms. Nobody is admitted for `ms` from now, or longer if already paused longer. */
export const PAUSE_SCRIPT = `${NOW}
local untilMs = now + tonumber(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if untilMs > current then redis.call('SET', KEYS[1], untilMs, 'PX', tonumber(ARGV[1]) + 1000) end
return 1`;

/**
 * KEYS: slots, transition, returned. ARGV: transition ms, replica id, slots TTL ms, then pairs (member, offset ms): the
 * slots this replica's fallback admitted within the last window or still unanswered, each with the latest time
 * it may reach the upstream as an offset from now (negative: answered that long ago).
 * Writes the slots, opens (or extends) the transition, counts the replica as back.
 */
export const RETURN_SCRIPT = `${NOW}
local transition = tonumber(ARGV[1])
for index = 4, #ARGV, 2 do redis.call('ZADD', KEYS[1], now + tonumber(ARGV[index + 1]), ARGV[index]) end
if #ARGV > 3 and redis.call('PTTL', KEYS[1]) < tonumber(ARGV[3]) then redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3])) end
local untilMs = now + transition
if untilMs > tonumber(redis.call('GET', KEYS[2]) or '0') then redis.call('SET', KEYS[2], untilMs, 'PX', transition) end
redis.call('SADD', KEYS[3], ARGV[2])
redis.call('PEXPIRE', KEYS[3], transition)
return 1`;
