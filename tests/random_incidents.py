"""Random valid incidents for the benchmark: every field varies, unknowns included.

Each incident is fresh (no pool is cycled), dates are consistent (born on or before the event,
event on or before awareness, nothing in the future), a looked-after child is under 18 and the
date choosing the rules is on or after 29 June 2018 (the s16C period), so every incident is decided,
none refused. The optional inputs (care leaver, social care, unborn, sibling group, regulated
setting, manner of death, notifications already made) vary too, about one incident in twenty
records abuse or neglect suspected only after the authority became aware (some of them after a
change of the rules: each rule is then taken from its own date's rules), and half of those born
with no date of birth record an age range on the event date instead.
Generation costs a few microseconds an incident; the benchmark generates in chunks outside its
timers, so it never counts towards a decision's cost.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date
from typing import Any

S16C_START = date(2018, 6, 29).toordinal()
_KINDS = ("death", "serious_harm", "other", None)
_ABUSE = ("known", "suspected", "not_suspected", "unknown")
_KNOWN = ("known", "suspected")
_ABROAD = ("wales", "scotland", "northern_ireland", "outside_uk")
_TRI = ("yes", "no", "unknown")
_MANNERS = ("suspected_suicide", "unexplained", "other", "unknown")
_YEAR = 365


def _codes(rng: random.Random, count: int) -> list[str]:
    prefixes = ("E06", "E08", "E09", "E10")
    return [f"{rng.choice(prefixes)}{rng.randrange(1_000_000):06d}" for _ in range(count)]


def random_incidents(
    count: int, seed: int = 1, today: date | None = None, optional: bool = True
) -> Iterator[dict[str, Any]]:
    """`count` random valid incidents as mappings, as a case-management system would send them.

    With `optional` false, the optional inputs (care leaver, social care, unborn, sibling group,
    regulated setting, manner of death, notifications made) are left out, as a system that does
    not record them would send them.
    """
    rng = random.Random(seed)
    # Later suspicions drawn apart: the incidents are otherwise those of earlier versions of this
    # generator, so benchmark figures stay comparable.
    later = random.Random(f"later suspicion {seed}")
    # Age ranges likewise drawn apart, so every other field of every seed's stream stays as it
    # was before ranges could be recorded.
    ranges = random.Random(f"age range {seed}")
    rand, choice = rng.random, rng.choice
    randrange = rng.randrange
    last = (today or date.today()).toordinal() - 1
    codes = _codes(rng, 60)
    fromordinal = date.fromordinal

    def place(home: str) -> dict[str, Any] | None:
        roll = rand()
        if roll < 0.1:
            return None
        if roll < 0.5:
            return {"country": "england", "local_authority": home}
        if roll < 0.75:
            return {"country": "england", "local_authority": choice(codes)}
        if roll < 0.8:
            return {"country": "england", "local_authority": None}
        return {"country": choice(_ABROAD)}

    for number in range(count):
        home = choice(codes)
        aware = randrange(S16C_START, last + 1) if rand() < 0.9 else None
        if rand() < 0.85:
            if aware is None:
                event: int | None = randrange(S16C_START, last + 1)
            else:
                event = aware - randrange(0, 2000 if rand() < 0.1 else 60)
        else:
            event = None
        anchor = event or aware or last
        unborn = rand() < 0.02
        looked_roll = rand()
        looked_after = "yes" if looked_roll < 0.2 else ("unknown" if looked_roll < 0.3 else "no")
        if unborn:
            looked_after = "no"
        if unborn:
            born = None
        elif rand() < 0.85:
            span = 17 * _YEAR if looked_after == "yes" else 25 * _YEAR
            born: int | None = anchor - randrange(0, span)
        else:
            born = None
        child: dict[str, Any] = {
            "date_of_birth": fromordinal(born).isoformat() if born else None,
            "normally_resident": place(home),
            "looked_after": looked_after,
        }
        if optional and born is None and not unborn and ranges.random() < 0.5:
            child["age_on_event_date"] = _age_range(ranges, looked_after == "yes")
        if looked_after == "yes":
            child["looked_after_by"] = home if rand() < 0.6 else choice(codes)
        care_leaver = "no" if unborn else choice(_TRI)
        child["care_leaver"] = care_leaver
        if care_leaver == "yes":
            child["care_leaver_of"] = home if rand() < 0.6 else choice(codes)
        child["known_to_childrens_social_care"] = choice(_TRI)
        child["unborn"] = unborn
        if rand() < 0.1:
            child["sibling_group"] = f"family-{randrange(1000)}"
        kind = choice(_KINDS)
        if not optional:
            for key in ("care_leaver", "care_leaver_of", "known_to_childrens_social_care"):
                child.pop(key, None)
            child.pop("unborn", None)
            child.pop("sibling_group", None)
        document = {
            "case_reference": f"C-{number}" if rand() < 0.8 else None,
            "notifying_authority": home,
            "child": child,
            "event": {
                "kind": kind,
                "date": fromordinal(event).isoformat() if event else None,
                "location": place(home),
                "regulated_setting": choice(_TRI),
                "manner_of_death": choice(_MANNERS) if kind == "death" else "unknown",
            },
            "abuse_or_neglect": choice(_ABUSE),
            "became_aware_on": fromordinal(aware).isoformat() if aware else None,
            "notified_on": (
                {"panel": fromordinal(randrange(aware, last + 1)).isoformat()}
                if aware and rand() < 0.1
                else {}
            ),
        }
        if optional and aware and document["abuse_or_neglect"] in _KNOWN and later.random() < 0.1:
            suspected = min(aware + later.randrange(1, 120), last)
            if suspected > aware:
                document["abuse_or_neglect_suspected_on"] = fromordinal(suspected).isoformat()
        if not optional:
            del document["notified_on"]
            del document["event"]["regulated_setting"], document["event"]["manner_of_death"]
        yield document


def _age_range(rng: random.Random, looked_after: bool) -> dict[str, int]:
    """An age on the event date known only roughly: a span of up to six years from 0 to 40
    (a looked-after child's starting under 18), often around 16, 18 or 25, where the rules
    change."""
    if rng.random() < 0.5:
        low = max(0, rng.choice((16, 18, 25)) - rng.randrange(0, 4))
    else:
        low = rng.randrange(0, 35)
    if looked_after:
        low = min(low, 17)
    return {"at_least": low, "at_most": low + rng.randrange(0, 7)}
