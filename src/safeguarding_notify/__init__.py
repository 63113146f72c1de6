"""Decide whether an English local authority must notify the Child Safeguarding Practice Review
Panel about an incident, what else it must notify, to whom, by when, why, and what is unknown.

    >>> from safeguarding_notify import decide
    >>> decision = decide(incident_mapping)          # doctest: +SKIP
    >>> decision.notify_panel                         # doctest: +SKIP
    'required'
"""

from ._decide import Decider, decide, decide_many, rules_version
from ._version import __version__
from .decision import (
    Advice,
    Advisory,
    Certainty,
    Decision,
    FactChange,
    Obligation,
    Outcome,
    PanelAnswer,
    RapidReview,
    Reason,
    Recipient,
    Status,
    WhatIf,
)
from .errors import (
    DATE_REFUSALS,
    DecisionDateError,
    EngineError,
    OutsideCalendarError,
    RuleFileError,
    RulesNotInForceError,
    SafeguardingNotifyError,
)
from .group import (
    MAX_CHILDREN,
    IncidentGroup,
    NotificationForm,
    NotificationPlan,
    PlannedChild,
    plan_notifications,
)
from .incident import Child, EnglishPlace, Event, Incident, PlaceOutsideEngland

__all__ = [
    "DATE_REFUSALS",
    "MAX_CHILDREN",
    "Advice",
    "Advisory",
    "Certainty",
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
    "Outcome",
    "OutsideCalendarError",
    "PanelAnswer",
    "PlaceOutsideEngland",
    "PlannedChild",
    "RapidReview",
    "Reason",
    "Recipient",
    "RuleFileError",
    "RulesNotInForceError",
    "SafeguardingNotifyError",
    "Status",
    "WhatIf",
    "__version__",
    "decide",
    "decide_many",
    "plan_notifications",
    "rules_version",
]
