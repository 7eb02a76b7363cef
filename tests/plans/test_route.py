"""The plan's route: nearest-next then 2-opt stays within 25 % of the shortest open path."""
import itertools
import random

from server.plans.route import distance_m, distances, order_stops, path_length


def shortest(matrix):
    """The shortest open path from node 0 through every node, by trying every order."""
    return min(path_length(matrix, (0, *rest))
               for rest in itertools.permutations(range(1, len(matrix))))


def test_the_route_is_within_a_quarter_of_the_best_on_ten_random_wards():
    rng = random.Random(615)
    worst = 0.0
    for _case in range(10):
        start = (12.24 + rng.uniform(-0.02, 0.02), 109.19 + rng.uniform(-0.02, 0.02))
        stops = [(12.24 + rng.uniform(-0.03, 0.03), 109.19 + rng.uniform(-0.03, 0.03))
                 for _ in range(rng.randint(5, 7))]
        order, legs = order_stops(start, stops)
        assert sorted(order) == list(range(len(stops)))
        matrix = distances([start, *stops])
        found = path_length(matrix, (0, *(i + 1 for i in order)))
        assert abs(sum(legs) - found) < 1e-6
        worst = max(worst, found / shortest(matrix))
    assert worst <= 1.25, worst


def test_legs_are_geodesic_metres_and_a_stop_without_coordinates_goes_last():
    nha_trang, north = (12.24579, 109.19533), (12.25479, 109.19533)  # 0.009° of latitude
    assert 990 < distance_m(nha_trang, north) < 1000
    order, legs = order_stops(nha_trang, [None, north, nha_trang])
    assert order == [2, 1, 0]
    assert legs[0] == 0 and 990 < legs[1] < 1000 and legs[2] is None


def test_a_ward_without_a_centre_starts_at_the_first_stop():
    order, legs = order_stops((None, None), [(12.25, 109.2), (12.24, 109.2)])
    assert sorted(order) == [0, 1] and None not in legs
