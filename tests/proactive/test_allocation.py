"""The allocation of places: catchment first, then the nearest unit with room, families together,
capacity never exceeded, the waiting list when nothing is left — and the same answer every time."""

from luukku.proactive.allocation import Child, Place, allocate, families

from .conftest import NORTH_AREA, NORTH_HOME, SOUTH_AREA, SOUTH_HOME

AREAS = [(SOUTH_AREA, 1), (NORTH_AREA, 2)]


def places(south=3, north=3):
    return [Place(1, 61.44, 25.10, south), Place(2, 61.56, 25.10, north)]


def test_a_child_goes_to_the_unit_of_the_catchment_area_of_its_home():
    result = allocate([Child(10, *SOUTH_HOME), Child(11, *NORTH_HOME)], places(), AREAS)
    assert (result[10].unit, result[10].placement) == (1, "catchment")
    assert (result[11].unit, result[11].placement) == (2, "catchment")
    assert 1000 < result[10].distance_m < 1200  # 0.01° of latitude


def test_when_the_area_is_full_the_farthest_go_to_the_nearest_unit_with_room():
    south = [Child(i, SOUTH_HOME[0] + i * 0.001, SOUTH_HOME[1]) for i in range(1, 5)]  # i=1 nearest the school
    result = allocate(south, places(south=2, north=5), AREAS)
    assert [result[i].unit for i in range(1, 5)] == [1, 1, 2, 2]
    assert [result[i].placement for i in range(1, 5)] == ["catchment", "catchment", "nearest", "nearest"]


def test_siblings_stay_together_and_capacity_is_never_exceeded():
    twins = [Child(1, *SOUTH_HOME, guardians=(100, 101)), Child(2, *SOUTH_HOME, guardians=(101,))]
    others = [Child(3, SOUTH_HOME[0] - 0.01, SOUTH_HOME[1], guardians=(102,))]  # nearer the south school
    result = allocate(twins + others, places(south=2, north=2), AREAS)
    assert result[3].unit == 1  # the nearer home takes one of two places: the twins do not both fit
    assert result[1].unit == result[2].unit == 2  # so they go together to the next unit
    assert families(twins + others) == [twins, others]


def test_no_room_anywhere_or_no_home_means_the_waiting_list():
    children = [Child(i, *SOUTH_HOME) for i in range(1, 5)] + [Child(9, None, None)]
    result = allocate(children, places(south=1, north=1), AREAS)
    assert sorted(r.unit for r in result.values() if r.unit) == [1, 2]
    assert [result[i].reason for i in (3, 4, 9)] == ["no_room", "no_room", "no_home"]


def test_places_already_taken_by_an_earlier_run_count_and_the_answer_is_the_same_every_time():
    children = [Child(i, SOUTH_HOME[0] + i * 0.001, SOUTH_HOME[1]) for i in range(1, 7)]
    first = allocate(children, places(), AREAS)
    assert first == allocate(list(reversed(children)), places(), AREAS)
    resumed = allocate(children[3:], places(), AREAS, taken={1: 2, 2: 1})
    assert sum(r.unit == 1 for r in resumed.values()) == 1 and sum(r.unit == 2 for r in resumed.values()) == 2
