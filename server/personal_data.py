"""Telling personal data in free text: a citizen ID, a phone number or an e-mail address.

The same rules run on the phone (pwa/js/data/event-fields.js); tests/data/pii_cases.json holds
the cases both must answer alike. The text is first normalised: NFKC (full-width digits and
signs become ASCII), zero-width characters dropped. Between two digits a run of up to three
separators (spaces, dots, dashes, slashes, underscores, brackets) is ignored, so "079 - 203 -
012 - 345", "079/203/012/345" and "(+84) 905 123 456" are caught. A sum of money
("125.000.000 đồng"), a date ("03/12/2026"), a time or a small count is not personal data.
"""
import re
import unicodedata

_ZERO_WIDTH = re.compile("[\u00ad\u180e\u200b-\u200f\u2060-\u2064\ufeff]")
# A full date (03/12/2026, 3.12.2026, 2026-12-03) is set aside first, so that a range of dates
# ("01/12 - 15/12/2026") is not read as one 12-digit number.
_DATE = re.compile(r"(?<!\d)(?:\d{1,2}([/.\-])\d{1,2}\1\d{4}|\d{4}-\d{1,2}-\d{1,2})(?!\d)")
_SEP = r"[ \t\n\r\f\v.\-/_()\u2010-\u2015\u2212]{0,3}"
_NOT_AFTER_DIGIT = r"(?<!\d)(?<!\d[.\-/_])"
_NOT_BEFORE_DIGIT = r"(?![.\-/_]?\d)"
# A 12-digit citizen ID; a phone number: 0 or +84 (perhaps "+84 (0)"), then 9 digits for a
# mobile or 10 for a landline.
_CITIZEN_ID = re.compile(_NOT_AFTER_DIGIT + r"\d(?:" + _SEP + r"\d){11}" + _NOT_BEFORE_DIGIT)
_PHONE = re.compile(_NOT_AFTER_DIGIT + r"(?:\+?84(?:" + _SEP + r"0)?|0)" + _SEP
                    + r"[1-9](?:" + _SEP + r"\d){8,9}" + _NOT_BEFORE_DIGIT)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


def normalise(text):
    """The text as the patterns read it: NFKC, without zero-width characters, dates set aside."""
    return _DATE.sub("#", _ZERO_WIDTH.sub("", unicodedata.normalize("NFKC", text)))


def looks_personal(text):
    """Whether `text` seems to hold a citizen ID, a phone number or an e-mail address."""
    if not text:
        return False
    text = normalise(text)
    return any(pattern.search(text) for pattern in (_CITIZEN_ID, _PHONE, _EMAIL))
