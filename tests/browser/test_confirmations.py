"""Irreversible moves ask first, in Chromium: the dialog says (in the page's
language) what cannot be undone, and dismissing it changes nothing."""

import pytest
from django.urls import reverse
from django.utils import translation

from industries.models import ProblemRequest
from industries.moves import problem_moves
from teams.models import Round
from teams.moves import round_moves
from tests.browser.test_page_gates import sign_in

UNDONE = {
    "formation": {"en": "This cannot be undone.", "fa": "این کار برگشت‌پذیر نیست."},
    "close": {"en": "cannot be reopened", "fa": "دوباره باز نمی‌شود"},
    "reject": {"en": "this cannot be undone", "fa": "این کار برگشت‌پذیر نیست"},
}


def open_as_iro(page, live_server, world, language, url_name, pk=None):
    sign_in(page.context, live_server, world.person("iro"))
    with translation.override(language):
        path = reverse(url_name, args=[pk] if pk else None)
    page.goto(live_server.url + path)
    dialogs = []

    def answer(dialog):
        dialogs.append((dialog.type, dialog.message))
        if answers:
            dialog.accept()
        else:
            dialog.dismiss()

    answers = []
    page.on("dialog", answer)
    return dialogs, answers


def texts(move, language):
    with translation.override(language):
        return str(move.label), str(move.confirm)


@pytest.mark.parametrize("language", ["fa", "en"])
@pytest.mark.parametrize("name", ["formation", "close"])
def test_a_round_move_asks_and_a_no_changes_nothing(
    page, live_server, world, language, name
):
    round_ = world.objects["round"]
    label, confirm = texts(round_moves.moves[name], language)
    dialogs, answers = open_as_iro(
        page, live_server, world, language, "teams:round-list"
    )
    url = page.url

    page.get_by_role("button", name=label, exact=True).click()

    round_.refresh_from_db()
    assert dialogs == [("confirm", confirm)]
    assert UNDONE[name][language] in confirm
    assert round_.status == Round.Status.OPEN
    assert page.url == url

    answers.append(True)
    with page.expect_navigation():
        page.get_by_role("button", name=label, exact=True).click()
    round_.refresh_from_db()
    assert round_.status == round_moves.moves[name].target


@pytest.mark.parametrize("language", ["fa", "en"])
def test_rejecting_a_problem_asks_and_a_no_changes_nothing(
    page, live_server, world, language
):
    problem = world.objects["other_problem"]
    label, confirm = texts(problem_moves.moves["reject"], language)
    dialogs, answers = open_as_iro(
        page, live_server, world, language, "industries:problem-detail", problem.pk
    )
    page.locator("[name=note]").fill("خارج از حوزه طرح است")

    page.get_by_role("button", name=label, exact=True).click()

    problem.refresh_from_db()
    assert dialogs == [("confirm", confirm)]
    assert UNDONE["reject"][language] in confirm
    assert problem.status == ProblemRequest.Status.SUBMITTED
    answers.append(True)
    with page.expect_navigation():
        page.get_by_role("button", name=label, exact=True).click()
    problem.refresh_from_db()
    assert problem.status == ProblemRequest.Status.REJECTED
