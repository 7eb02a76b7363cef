"""The order of a day's stops: nearest-next from the start, then 2-opt, over geodesic distances.

The route is an open path (the day ends at the last stop); a stop without coordinates cannot be
placed and goes last.
"""
from functools import lru_cache

from geographiclib.geodesic import Geodesic

_WGS84 = Geodesic.WGS84


def distance_m(a, b):
    """Metres between two (lat, lon) points on the WGS84 ellipsoid."""
    first, second = sorted((tuple(a), tuple(b)))  # the distance is symmetric: one entry a pair
    return _geodesic(*first, *second)


@lru_cache(maxsize=1 << 15)
def _geodesic(lat1, lon1, lat2, lon2):
    """A ward's groups stay where they are: the same pairs come back plan after plan, and each
    Karney inverse costs tens of microseconds, so the answers are kept (a few MB at most)."""
    return _WGS84.Inverse(lat1, lon1, lat2, lon2, Geodesic.DISTANCE)["s12"]


def distances(points):
    """The symmetric matrix of geodesic distances between `points`."""
    size = len(points)
    matrix = [[0.0] * size for _ in range(size)]
    for i in range(size):
        for j in range(i + 1, size):
            matrix[i][j] = matrix[j][i] = distance_m(points[i], points[j])
    return matrix


def path_length(matrix, path):
    """The length of the open path visiting matrix nodes in `path` order."""
    return sum(matrix[a][b] for a, b in zip(path, path[1:]))


def nearest_next(matrix):
    """From node 0, always to the nearest node not yet visited."""
    path, left = [0], set(range(1, len(matrix)))
    while left:
        here = path[-1]
        step = min(left, key=lambda node: (matrix[here][node], node))
        path.append(step)
        left.remove(step)
    return path


def two_opt(matrix, path):
    """Reverse stretches of the open path (node 0 stays first) while that shortens it."""
    path, improved = list(path), True
    while improved:
        improved = False
        for i in range(1, len(path) - 1):
            for j in range(i + 1, len(path)):
                if _reversal_gain(matrix, path, i, j) > 1e-6:
                    path[i:j + 1] = reversed(path[i:j + 1])
                    improved = True
    return path


def _reversal_gain(matrix, path, i, j):
    """How much shorter the path gets when path[i..j] is reversed (no edge after an open end)."""
    before, first, last = path[i - 1], path[i], path[j]
    gain = matrix[before][first] - matrix[before][last]
    if j + 1 < len(path):
        after = path[j + 1]
        gain += matrix[last][after] - matrix[first][after]
    return gain


def order_stops(start, stops):
    """(order, legs): the indices of `stops` ((lat, lon) or None) in visiting order from `start`,
    and the metres of each one's leg from the stop before (None when it has no coordinates)."""
    placed = [i for i, stop in enumerate(stops) if stop is not None]
    if start is None or start[0] is None or start[1] is None:  # a ward with no centre on record
        start = stops[placed[0]] if placed else (0.0, 0.0)
    matrix = distances([start, *(stops[i] for i in placed)])
    path = two_opt(matrix, nearest_next(matrix))
    order = [placed[node - 1] for node in path[1:]]
    legs = {placed[b - 1]: matrix[a][b] for a, b in zip(path, path[1:])}
    unplaced = [i for i, stop in enumerate(stops) if stop is None]
    return order + unplaced, [legs.get(i) for i in order + unplaced]
