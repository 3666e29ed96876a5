"""Month names as the documents write dates, in English and Spanish, as regex alternations (match them
case-blind: "17 December 2021", "6 de noviembre de 2020")."""
from __future__ import annotations

MONTHS_EN = "January|February|March|April|May|June|July|August|September|October|November|December"
MONTHS_ES = "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre"
MONTHS = f"{MONTHS_EN}|{MONTHS_ES}"
