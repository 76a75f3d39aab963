/**
 * The Lua scripts of the Redis backend. Each runs atomically in Redis, so N
 * gateway instances see one bucket and one counter. Time comes from Redis's
 * own clock (`TIME`; allowed in scripts since Redis 5, whose scripts replicate
 * their effects), so instances with skewed clocks still share one refill.
 */

/**
 * Token buckets, all or nothing. KEYS: buckets; ARGV: rate, burst per bucket.
 * A bucket is a hash {t: tokens, ts: last refill (ms), r, b}; changed limits
 * start a full bucket (as the memory backend does). Answers 0 when a token was
 * taken from every bucket, else the 1-based index of the first without one.
 */
export const TAKE_TOKENS = `
local now_t = redis.call('TIME')
local now = tonumber(now_t[1]) * 1000 + math.floor(tonumber(now_t[2]) / 1000)
local left = {}
for i = 1, #KEYS do
  local rate = tonumber(ARGV[2 * i - 1])
  local burst = tonumber(ARGV[2 * i])
  local v = redis.call('HMGET', KEYS[i], 't', 'ts', 'r', 'b')
  local tokens = tonumber(v[1])
  local ts = tonumber(v[2])
  if tokens == nil or ts == nil or tonumber(v[3]) ~= rate or tonumber(v[4]) ~= burst then
    tokens = burst
    ts = now
  end
  local elapsed = now - ts
  if elapsed < 0 then elapsed = 0 end
  tokens = math.min(burst, tokens + elapsed * rate / 1000)
  if tokens + 1e-9 < 1 then return i end
  left[i] = tokens - 1
end
for i = 1, #KEYS do
  local rate = tonumber(ARGV[2 * i - 1])
  local burst = tonumber(ARGV[2 * i])
  redis.call('HSET', KEYS[i], 't', tostring(left[i]), 'ts', now, 'r', ARGV[2 * i - 1], 'b', ARGV[2 * i])
  local ttl = 86400000
  if rate > 0 then ttl = math.ceil(burst / rate * 1000) + 60000 end
  redis.call('PEXPIRE', KEYS[i], ttl)
end
return 0
`;

/**
 * Quota check-and-increment. KEYS[1]: the counter of one key's plan period;
 * ARGV: limit, seed (used so far as the caller knows it, for a missing
 * counter), expiry (ms since the epoch). Answers the new count, or -1 when the
 * quota is used up (nothing counted).
 */
export const CONSUME_QUOTA = `
local c = redis.call('GET', KEYS[1])
if not c then
  c = tonumber(ARGV[2])
  redis.call('SET', KEYS[1], c, 'PXAT', ARGV[3])
else
  c = tonumber(c)
end
if c >= tonumber(ARGV[1]) then return -1 end
redis.call('INCR', KEYS[1])
return c + 1
`;

/**
 * Raises existing counters to at least PostgreSQL's totals. KEYS: counters;
 * ARGV: total, expiry per counter. Missing counters are left alone (the next
 * request seeds them). Answers how many were raised.
 */
export const RECONCILE_QUOTAS = `
local raised = 0
for i = 1, #KEYS do
  local c = redis.call('GET', KEYS[i])
  if c then
    local used = tonumber(ARGV[2 * i - 1])
    if used > tonumber(c) then
      redis.call('SET', KEYS[i], used, 'PXAT', ARGV[2 * i])
      raised = raised + 1
    end
  end
end
return raised
`;
