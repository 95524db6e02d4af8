"""Monthly exchange rates (units of EUR per unit of currency) for every currency the company deals in."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from demo.company import columns as col
from demo.company.timing import month_start_days

CURRENCIES = ("EUR", "SEK", "GBP", "USD")
STARTING_RATE = {"EUR": 1.0, "SEK": 0.087, "GBP": 1.17, "USD": 0.92}
MONTHLY_DRIFT = 0.012


@dataclass(frozen=True)
class FxRates:
    rates: np.ndarray  # months × currencies

    def to_eur(self, month_idx: np.ndarray, currency_idx: np.ndarray) -> np.ndarray:
        return self.rates[np.clip(month_idx, 0, len(self.rates) - 1), currency_idx]

    def table(self) -> dict:
        months = month_start_days()[:-1]
        grid_month = np.repeat(months, len(CURRENCIES))
        grid_currency = np.tile(np.arange(len(CURRENCIES)), len(months))
        return {"month": col.dates(grid_month), "currency": col.labels(grid_currency, CURRENCIES),
                "rate_to_eur": np.round(self.rates.reshape(-1), 6)}


def build_fx(rng: np.random.Generator) -> FxRates:
    months = len(month_start_days()) - 1
    steps = rng.normal(0.0, MONTHLY_DRIFT, (months, len(CURRENCIES)))
    steps[0] = 0.0
    walk = np.exp(np.cumsum(steps, axis=0))
    rates = walk * np.array([STARTING_RATE[c] for c in CURRENCIES])
    rates[:, CURRENCIES.index("EUR")] = 1.0
    return FxRates(rates=rates)


def currency_index(codes) -> np.ndarray:
    lookup = {c: i for i, c in enumerate(CURRENCIES)}
    return np.array([lookup[c] for c in codes], dtype=np.int64)
