"""Decide whether an English local authority must notify the Child Safeguarding Practice Review
Panel about an incident, what else it must notify, to whom, by when, why, and what is unknown.

    >>> from safeguarding_notify import decide
    >>> decision = decide(incident_mapping)          # doctest: +SKIP
    >>> decision.notify_panel                         # doctest: +SKIP
    'required'
"""

from ._decide import Decider, decide, decide_many
from ._version import __version__
from .decision import Advisory, Decision, FactChange, Obligation, RapidReview, Reason, WhatIf
from .errors import (
    DecisionDateError,
    EngineError,
    OutsideCalendarError,
    RuleFileError,
    RulesNotInForceError,
    SafeguardingNotifyError,
)
from .group import (
    IncidentGroup,
    NotificationForm,
    NotificationPlan,
    PlannedChild,
    plan_notifications,
)
from .incident import Child, EnglishPlace, Event, Incident, PlaceOutsideEngland

__all__ = [
    "Advisory",
    "Child",
    "Decider",
    "Decision",
    "DecisionDateError",
    "EngineError",
    "EnglishPlace",
    "Event",
    "FactChange",
    "Incident",
    "IncidentGroup",
    "NotificationForm",
    "NotificationPlan",
    "Obligation",
    "OutsideCalendarError",
    "PlaceOutsideEngland",
    "PlannedChild",
    "RapidReview",
    "Reason",
    "RuleFileError",
    "RulesNotInForceError",
    "SafeguardingNotifyError",
    "WhatIf",
    "__version__",
    "decide",
    "decide_many",
    "plan_notifications",
]
