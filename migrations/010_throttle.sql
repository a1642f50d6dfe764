-- Failed-attempt counters (wrong passwords, wrong class codes), shared by every API process so a
-- guesser gains nothing from a load balancer. The key is an HMAC of what is counted (address,
-- e-mail): no client address or e-mail address is stored. Unlogged: a crash may reset the counters,
-- which costs nothing but a fresh budget, and writes to it skip the WAL.
create unlogged table throttle (
  key text primary key,
  hits integer not null check (hits >= 0),
  resets_at timestamptz not null
);
