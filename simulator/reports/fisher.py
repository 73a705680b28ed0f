"""Fisher's exact test for a 2×2 table, exactly (whole numbers, no floating-point sums), and what a sample of a
given size can show with it. Small on purpose: the project has no statistics library, and this is all the cohort
report needs.

The table is ``[[a, b], [c, d]]``: rows are the two groups (two twins), columns an outcome and its absence. With
the margins fixed, the count in the top-left cell follows the hypergeometric distribution; the two-sided p-value
is the probability of every table at least as unlikely as the one observed (as R's ``fisher.test`` and SciPy's
``fisher_exact`` compute it).
"""

from __future__ import annotations

from fractions import Fraction
from math import comb


def _weights(row1: int, row2: int, col1: int) -> tuple[int, dict[int, int]]:
    """Each possible top-left count's weight (its probability times ``comb(n, col1)``), and that total."""
    low, high = max(0, col1 - row2), min(row1, col1)
    return comb(row1 + row2, col1), {x: comb(row1, x) * comb(row2, col1 - x) for x in range(low, high + 1)}


def fisher_exact(a: int, b: int, c: int, d: int) -> float:
    """The two-sided p-value of Fisher's exact test for ``[[a, b], [c, d]]`` (counts, none negative)."""
    return float(fisher_exact_fraction(a, b, c, d))


def fisher_exact_fraction(a: int, b: int, c: int, d: int) -> Fraction:
    """The same p-value as an exact fraction."""
    if min(a, b, c, d) < 0:
        raise ValueError("a table of counts cannot hold a negative number")
    total, weights = _weights(a + b, c + d, a + c)
    observed = weights[a]
    return Fraction(sum(w for w in weights.values() if w <= observed), total)


def smallest_difference(n1: int, n2: int, alpha: float) -> tuple[float, tuple[int, int]] | None:
    """The smallest difference in proportions between groups of ``n1`` and ``n2`` that Fisher's test could call
    significant (p < ``alpha``), with an example (x1 of n1 against x2 of n2); None when no table of those sizes
    can reach it, however different the groups. It is smallest near the ends (0 of 20 against 5 of 20)."""
    found = [d for x1 in range(n1 + 1) if (d := smallest_difference_at(n1, n2, x1, alpha)) is not None]
    return min(found, default=None)


def smallest_difference_at(n1: int, n2: int, x1: int, alpha: float) -> tuple[float, tuple[int, int]] | None:
    """The smallest difference from ``x1`` of ``n1`` that Fisher's test could call significant against a group of
    ``n2`` (p < ``alpha``), with the count in the second group; None when none can."""
    if n1 <= 0 or n2 <= 0 or not 0 <= x1 <= n1:
        return None
    best: tuple[float, tuple[int, int]] | None = None
    centre = round(x1 * n2 / n1)
    # Walk away from the same proportion in the other group, each way, to the first table that reaches alpha.
    for step in (-1, 1):
        x2 = centre
        while 0 <= x2 <= n2:
            diff = abs(x1 / n1 - x2 / n2)
            if best is not None and diff >= best[0]:
                break
            if fisher_exact(x1, n1 - x1, x2, n2 - x2) < alpha:
                best = (diff, (x1, x2))
                break
            x2 += step
    return best
