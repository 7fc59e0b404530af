"""Local authority names group however a document spells the council."""

import pytest

from ofsted_mine.compare.authority import authority_key, display_name


@pytest.mark.parametrize(
    "name",
    ["Kirklees", "Kirklees Metropolitan Borough Council", "Kirklees Council", "KIRKLEES MBC",
     "Kirklees local authority children's services"],
)
def test_kirklees_spellings_share_a_key(name):
    assert authority_key(name) == "kirklees"


@pytest.mark.parametrize(
    "name, key",
    [
        ("Bristol City Council", "bristol"),
        ("City of Bristol", "bristol"),
        ("Lancashire County Council", "lancashire"),
        ("London Borough of Croydon", "croydon"),
        ("Royal Borough of Kensington and Chelsea", "kensington and chelsea"),
        ("Brighton & Hove City Council", "brighton and hove"),
        ("Barnsley Metropolitan Borough Council", "barnsley"),
    ],
)
def test_generic_parts_stripped_for_any_council(name, key):
    assert authority_key(name) == key


def test_different_places_stay_apart():
    assert authority_key("Leeds City Council") != authority_key("Kirklees Council")
    assert authority_key(None) is None and authority_key("") is None


def test_display_name_is_the_printed_place_name():
    assert display_name(["Kirklees Metropolitan Borough Council", "Kirklees", "Kirklees Council"]) == "Kirklees"
    assert display_name(["Brighton & Hove City Council"]) == "Brighton & Hove"
