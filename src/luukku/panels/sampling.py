"""The stratified draw, as pure functions: a resident's stratum (age band × area × language), the
proportional allocation (largest-remainder rounding), oversampling of quiet strata, and the seeded
draw. Deterministic: the same population, size, factors and seed give the same people."""

import datetime as dt
import math
import random
from fractions import Fraction

# (lowest age, highest age or None): residents under the first band's lowest age are not drawn.
AGE_BANDS = ((18, 29), (30, 44), (45, 64), (65, None))
LANGUAGES = ("fi", "sv")
MAX_FACTOR = 5


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def band_of(age: int) -> str | None:
    for low, high in AGE_BANDS:
        if age >= low and (high is None or age <= high):
            return f"{low}-{high}" if high is not None else f"{low}+"
    return None


def stratum_of(birth: dt.date, postal_code: str, language: str, day: dt.date) -> str | None:
    """"18-29|00100|fi"; None for someone too young to be drawn. The area is the postal code area."""
    band = band_of(age_on(birth, day))
    if band is None:
        return None
    language = language if language in LANGUAGES else "other"
    return f"{band}|{postal_code or '-'}|{language}"


def allocate(population: dict[str, int], size: int) -> dict[str, int]:
    """Sizes proportional to the population, whole numbers summing to `size` (at most the
    population): the floors, then one more to the strata with the largest remainders (ties by name)."""
    total = sum(population.values())
    size = min(size, total)
    if total == 0:
        return {key: 0 for key in population}
    exact = {key: Fraction(size * count, total) for key, count in population.items()}
    sizes = {key: math.floor(value) for key, value in exact.items()}
    left = size - sum(sizes.values())
    for key in sorted(exact, key=lambda k: (-(exact[k] - sizes[k]), k))[:left]:
        sizes[key] += 1
    return sizes


def oversample(sizes: dict[str, int], population: dict[str, int], factors: dict[str, float]) -> dict[str, int]:
    """Each stratum's size times its factor (quiet groups get more invitations), rounded up, never more
    than live there."""
    return {key: min(population[key], math.ceil(size * min(float(factors.get(key, 1)), MAX_FACTOR) - 1e-9))
            for key, size in sizes.items()}


def factors_from_rates(rates: dict[str, float], *, floor: float = 0.05) -> dict[str, float]:
    """From past response rates by stratum: a stratum answering at half the overall rate is invited
    twice as much (at most MAX_FACTOR, never less than 1)."""
    if not rates:
        return {}
    overall = sum(rates.values()) / len(rates)
    return {key: round(min(MAX_FACTOR, max(1.0, overall / max(rate, floor))), 2) for key, rate in rates.items()}


def draw(members: dict[str, list[int]], sizes: dict[str, int], seed: str) -> dict[str, list[int]]:
    """`sizes[k]` ids from each stratum's members, by a generator seeded with the seed and the stratum
    (one stratum's draw does not depend on another's)."""
    chosen = {}
    for key in sorted(sizes):
        ids = sorted(members.get(key, []))
        rng = random.Random(f"{seed}:{key}")
        chosen[key] = sorted(rng.sample(ids, min(sizes[key], len(ids))))
    return chosen
