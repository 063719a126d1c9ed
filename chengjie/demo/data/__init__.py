"""The demo county, 潜山市 (340882): its units, parks, firms and people, as plain data.

Facts come from the seed report (/shared/seed) and the fact sheet (/shared/data/facts/qianshan_facts.json);
where neither gives a figure the data says so beside it. Names of people and firms are invented."""
