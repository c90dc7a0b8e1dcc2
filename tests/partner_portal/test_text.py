import pytest

from partner_portal.text import ZWNJ, normalize_persian, search_key


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("علي", "علی"),  # Arabic yeh
        ("مصطفى", "مصطفی"),  # alef maksura
        ("كاشی", "کاشی"),  # Arabic kaf
        ("مـــحمد", "محمد"),  # kashida
        ("اتاق ٤٠٥", "اتاق ۴۰۵"),  # Arabic-Indic digits become Persian ones
        ("ISO 9001", "ISO 9001"),  # Latin digits are a code: kept
        ("  دانشکده    مهندسی\t", "دانشکده مهندسی"),
        (f"محمدی{ZWNJ}{ZWNJ}نژاد", f"محمدی{ZWNJ}نژاد"),
        (f"{ZWNJ}علی {ZWNJ}رضا{ZWNJ}", "علی رضا"),
        ("خط اول\nخط دوم", "خط اول خط دوم"),
        ("\u202eبرعکس\u202c", "برعکس"),  # pasted bidi overrides
    ],
)
def test_stored_text_has_the_persian_letters_and_tidy_spacing(typed, stored):
    assert normalize_persian(typed) == stored


def test_normalising_keeps_what_a_reader_would_call_another_spelling():
    for text in ("فاطمة", "مُحَمَّد", "مسأله", "آزمایش", "خانۀ"):
        assert normalize_persian(text) == text


def test_multiline_text_keeps_its_lines():
    assert normalize_persian("اول  \r\n  دوم\n\nسوم", multiline=True) == (
        "اول\nدوم\n\nسوم"
    )


def test_normalising_twice_changes_nothing_more():
    text = f" علي  {ZWNJ} كاظمي ٤٠١ "
    assert normalize_persian(normalize_persian(text)) == normalize_persian(text)


@pytest.mark.parametrize(
    "variants",
    [
        ["علی", "علي"],
        ["کاشی", "كاشی", "كاشي"],
        ["محمدی نژاد", f"محمدی{ZWNJ}نژاد", "محمدینژاد", "محمدي  نژاد"],
        ["401123457", "۴۰۱۱۲۳۴۵۷", "٤٠١١٢٣٤٥٧"],
        ["فاطمه", "فاطمة"],
        ["آزمایش", "ازمایش"],
        ["محمد", "مُحَمَّد", "مـحـمـد"],
        ["Ali Rezaei", "ali rezaei", "ALI REZAEI"],
    ],
)
def test_variants_of_the_same_text_have_the_same_key(variants):
    assert len({search_key(text) for text in variants}) == 1


def test_a_key_of_several_fields_keeps_them_apart():
    assert search_key("علی رضایی", "Ali@Example.org") == "علیرضایی|ali@example.org"
    assert search_key("", None, "x") == "x"
