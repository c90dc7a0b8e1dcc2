"""The office's program figures: each a chart and the table behind it.

Apps register their figures from ``AppConfig.ready`` (``partner_portal`` cannot
import them). A figure is a function of a :class:`Scope` — plain values: a round's
id and period, or all time — that returns a :class:`FigureData`: its labels, one or
more series of numbers, and for every number the link to the filtered list it
counts, so a chart's bar and a table's cell both lead to the rows behind them.

Every figure is one aggregation in the database (a fixed number of queries however
many rows there are); the page adds the figures' queries and no more.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils.functional import Promise

from .caching import cached


@dataclass(frozen=True)
class Scope:
    """What the figures count: one round (its id and period) or all time."""

    round_id: int | None = None
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None

    @property
    def all_time(self):
        return self.round_id is None

    def link(self, url_name, round_param="round", **params):
        """The URL of a list filtered by ``params`` and, for a round, by the round.

        A list that opens on the current round when it has no filters (the
        enrolment queue) shows every round for a figure of all time, because the
        link always carries at least one filter."""
        query = {name: value for name, value in params.items() if value is not None}
        if round_param and self.round_id is not None:
            query[round_param] = self.round_id
        url = reverse(url_name)
        return f"{url}?{urlencode(query)}" if query else url


@dataclass
class Series:
    label: str
    values: list[float]
    links: list[str] = field(default_factory=list)


@dataclass
class FigureData:
    labels: list[str]
    series: list[Series]
    # The list the figure as a whole comes from (its title links there).
    url: str = ""
    # A number shown beside the title (a total, an average), already formatted.
    headline: str = ""
    empty: bool = False

    def __post_init__(self):
        self.empty = self.empty or not any(
            value for series in self.series for value in series.values
        )

    def rows(self):
        """(label, [(value, link), ...]) per label, for the table."""
        for index, label in enumerate(self.labels):
            yield (
                label,
                [
                    (
                        series.values[index],
                        series.links[index] if series.links else "",
                    )
                    for series in self.series
                ],
            )

    def chart(self):
        """What the chart script reads (``json_script``)."""
        return {
            "labels": [str(label) for label in self.labels],
            "series": [
                {"label": str(s.label), "values": s.values, "links": s.links}
                for s in self.series
            ],
        }


@dataclass(frozen=True)
class Figure:
    key: str
    title: Promise
    compute: Callable[[Scope], FigureData]
    # bar, hbar (horizontal, for long labels), stacked, doughnut, line
    chart: str = "bar"
    order: int = 100
    # What the numbers are, for the table's heading (e.g. "enrolments").
    measure: Promise | str = ""
    # Whether the figure's values are decimals shown with one fraction digit.
    decimals: bool = False
    wide: bool = False


_figures: dict[str, Figure] = {}
_scope_provider: dict[str, Callable] = {}


def register_figure(figure: Figure):
    _figures[figure.key] = figure


def figures():
    return sorted(_figures.values(), key=lambda figure: figure.order)


def register_scopes(*, choices, scope):
    """The app that owns rounds says which there are and what one covers:
    ``choices()`` → [(id, name)], ``scope(id)`` → Scope or None."""
    _scope_provider["choices"] = choices
    _scope_provider["scope"] = scope


def scope_choices():
    provider = _scope_provider.get("choices")
    return provider() if provider else []


def scope_for(round_id):
    if round_id is None or "scope" not in _scope_provider:
        return Scope()
    return _scope_provider["scope"](round_id) or Scope()


# --- Caching --------------------------------------------------------------------------
#
# Counting 70,000 enrolments on every load is what made the page slow: the figures
# of a scope are kept in the cache under the program data's version (caching.py),
# so a change shows at once and an idle office reads them from memory.


def plain(data):
    """``data`` with its labels as text (lazy translations do not travel through
    the cache; the key holds the language)."""
    data.labels = [str(label) for label in data.labels]
    for series in data.series:
        series.label = str(series.label)
    return data


def compute_all(scope):
    values = cached(
        "figures",
        lambda: {figure.key: plain(figure.compute(scope)) for figure in figures()},
        settings.PORTAL["FIGURES_CACHE_SECONDS"],
        scope.round_id or "all",
    )
    return [(f, values[f.key]) for f in figures() if f.key in values]
