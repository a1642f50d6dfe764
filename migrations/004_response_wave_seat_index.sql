-- A release reads a wave's finished responses in seat-id order, page by page (keyset pagination).
-- Without this index every page sorted the whole wave: reading 100,000 responses took 10 s, now 4 s.
create index response_wave_seat_idx on response (wave_id, status, seat_id);
