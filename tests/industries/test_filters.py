import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "parameter"),
    [
        ("/en/catalogue/", "q"),
        ("/en/problems/", "q"),
        ("/en/problems/", "unit"),
        ("/en/units/", "q"),
        ("/en/meetings/", "unit"),
    ],
)
def test_control_characters_in_a_search_are_ignored(
    client, world, iro, path, parameter
):
    client.force_login(iro)

    response = client.get(path, {parameter: "قم\x00\x07"})

    assert response.status_code == 200
    assert "Null characters are not allowed" not in response.content.decode()
