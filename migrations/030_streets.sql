-- The city's street list (issue 19): which Sozialraum a street, or part of it, belongs to. Tablets
-- receive it with the form and map the street a child types to a Sozialraum code on the device;
-- only the code is sent, so nothing here is ever joined to a response.

-- One row per street or house-number range of a street. Both house numbers empty: the whole street
-- (several such rows of one street: the street is ambiguous and the child picks the Sozialraum).
create table street_segment (
  id bigint generated always as identity primary key,
  street text not null check (length(trim(street)) between 1 and 200),
  house_from integer check (house_from between 1 and 99999),
  house_to integer check (house_to between 1 and 99999),
  parity text not null default 'all' check (parity in ('all', 'odd', 'even')),
  sozialraum_id uuid not null references sozialraum (id),
  check ((house_from is null) = (house_to is null)),
  check (house_to >= house_from)
);
create index street_segment_street_idx on street_segment (lower(street));
create unique index street_segment_key on street_segment (lower(street), coalesce(house_from, 0), coalesce(house_to, 0), parity, sozialraum_id);

-- The list as a whole: the city's name ("Nicht in <Stadt>") and the day it was imported.
create table street_list (
  id smallint primary key default 1 check (id = 1),
  city_name text not null check (length(trim(city_name)) between 1 and 100),
  imported_on date not null default current_date
);
