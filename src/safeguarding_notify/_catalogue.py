"""The rule catalogue as data: what `GET /rules` returns, one entry per rule version."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from ._ruledocs import conclusion_text
from ._rulefile import RuleBook
from .decision import Certainty

__all__ = ["CatalogueEntry", "Citation", "RuleCatalogue", "rule_catalogue"]


class _Output(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Citation(_Output):
    """The provision a rule encodes and how sure we are of the source."""

    instrument: str
    provision: str
    url: str
    certainty: Certainty


class CatalogueEntry(_Output):
    """One version of one rule."""

    id: str
    version: int
    title: str
    citation: Citation
    effective_from: date = Field(description="First day in force (inclusive).")
    effective_to: date | None = Field(description="First day no longer in force; null if open.")
    decides_panel: bool = Field(description="Whether its outcome counts towards notify_panel.")
    gives: list[str] = Field(description="What follows when the rule applies, in words.")


class RuleCatalogue(_Output):
    """Every rule version loaded, and the hash that decisions carry as `rules_version`."""

    rules_version: str
    rules: list[CatalogueEntry]


def rule_catalogue(book: RuleBook) -> RuleCatalogue:
    """The catalogue of a loaded rule book, rules in file order."""
    return RuleCatalogue(
        rules_version=book.version,
        rules=[
            CatalogueEntry(
                id=rule.id,
                version=rule.version,
                title=rule.title,
                citation=Citation(
                    instrument=rule.instrument,
                    provision=rule.provision,
                    url=rule.url,
                    certainty=rule.certainty,
                ),
                effective_from=rule.effective_from,
                effective_to=rule.effective_to,
                decides_panel=rule.decides_panel,
                gives=[conclusion_text(then) for then in rule.then],
            )
            for rule in sorted(book.rules, key=lambda rule: rule.file)
        ],
    )
