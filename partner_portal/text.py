"""Persian text as people type it, made comparable.

Text reaches the portal with Arabic yeh and kaf (ي ك) from Arabic keyboards and old
imports, digits in three scripts, kashida for decoration, and the zero-width
non-joiner (ZWNJ) typed as a space or not at all. Two functions deal with all of it:

- ``normalize_persian`` gives the form to store: the Persian letters, Arabic-Indic
  digits as Persian ones (Latin digits stay as typed: «ISO 9001» is a code), no
  kashida, one space between words and ZWNJ only inside words. It changes nothing a
  reader would call a different spelling: ة, hamzas and diacritics are kept.
- ``search_key`` gives the form to compare: the stored form with every digit in
  ASCII, ة ۀ as ه, the hamza-carrying alefs as ا, no diacritics, Latin case folded,
  and neither spaces nor ZWNJ, so «محمدی نژاد», «محمدی‌نژاد» and «محمدینژاد» are one
  key. Search columns hold keys, and a typed query is compared by its key.
"""

import re

ZWNJ = "\u200c"

# Arabic and Urdu forms of letters that Persian writes otherwise.
_LETTERS = {"ي": "ی", "ى": "ی", "ك": "ک", "ھ": "ه", "ہ": "ه"}
_PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
_ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
_LATIN_DIGITS = "0123456789"
TATWEEL = "\u0640"
# Embeddings, overrides and isolates pasted in from elsewhere would reorder the page
# around the text; the portal isolates values itself when it shows them.
_BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"

_STORED = str.maketrans(
    {
        **_LETTERS,
        **dict(zip(_ARABIC_DIGITS, _PERSIAN_DIGITS, strict=True)),
        TATWEEL: None,
        **dict.fromkeys(_BIDI_CONTROLS),
    }
)
_TO_LATIN = str.maketrans(
    dict(zip(_PERSIAN_DIGITS + _ARABIC_DIGITS, _LATIN_DIGITS * 2, strict=True))
)
# Harakat, tanwin, shadda, sukun, superscript alef and Quranic marks.
_DIACRITICS = "".join(
    chr(c) for c in [*range(0x064B, 0x0660), 0x0670, *range(0x06D6, 0x06EE)]
)
_KEY = str.maketrans(
    {
        "ة": "ه",
        "ۀ": "ه",
        "أ": "ا",
        "إ": "ا",
        "ٱ": "ا",
        "آ": "ا",
        "ؤ": "و",
        **dict.fromkeys(_DIACRITICS),
        # Joiners, marks and separators people cannot see.
        **dict.fromkeys("\u200b\u200c\u200d\u200e\u200f\u00ad\ufeff"),
    }
)
_SPACES = re.compile(r"[^\S\n]+")  # any white space but a line break
_LOOSE_ZWNJ = re.compile(rf"\s*{ZWNJ}[{ZWNJ}\s]*")
_ALL_SPACE = re.compile(r"\s+")


def _tidy_zwnj(text):
    # A ZWNJ only means something between two letters of a word: several are one,
    # and one next to a space or at an end is a typing slip.
    def keep_inside_words(match):
        run = match.group()
        if "\n" in run:
            return "\n"
        return " " if run.strip(ZWNJ) else ZWNJ

    text = _LOOSE_ZWNJ.sub(keep_inside_words, text)
    return "\n".join(line.strip(f" {ZWNJ}") for line in text.split("\n"))


def normalize_persian(text, *, multiline=False):
    """The stored form of typed text (see the module docstring). A single-line
    text also loses its line breaks; a multi-line one keeps them."""
    if not isinstance(text, str):
        return text
    text = text.translate(_STORED).replace("\r\n", "\n").replace("\r", "\n")
    if not multiline:
        text = text.replace("\n", " ")
    text = _SPACES.sub(" ", text)
    return _tidy_zwnj(text).strip()


def latin_digits(text):
    """Persian (۰-۹) and Arabic-Indic (٠-٩) digits, as people type them, in ASCII."""
    return text.translate(_TO_LATIN) if isinstance(text, str) else text


def search_key(*parts):
    """What a search compares: the parts' keys, joined by ``|`` (a character the
    key of a typed query never spans, as a separator between fields)."""
    return "|".join(_part_key(part) for part in parts if part)


def _part_key(text):
    text = latin_digits(normalize_persian(str(text))).translate(_KEY)
    return _ALL_SPACE.sub("", text).casefold()
