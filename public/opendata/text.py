"""Plain text the open-data outputs share."""


def sentence(text):
    """`text` ending with one full stop: a Russian date already ends with one
    ("25 июня 2015 г.")."""
    return text if text.endswith(".") else f"{text}."
