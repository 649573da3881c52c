"""The corrections visitors suggest: their one write, and what the admin
reads of them beside a record."""

from .models import CORRECTED_KINDS, Correction

# {model: the kind of its records, the name of Correction's key to them}
KIND_OF_MODEL = {model: kind for kind, model in CORRECTED_KINDS.items()}


def record_correction(*, record, wrong, proposed, source_url, language, sender):
    """Keep a visitor's suggested correction of `record`, new, for staff to
    review; `sender` is the hash of their address (academy/rate_limits.py).
    Its fields are validated as a form would be (sizes, control
    characters), so no caller stores more than the model allows; the record
    it was given exists, and the database checks the constraints on insert,
    so neither is asked of it again (five queries a visitor could repeat)."""
    correction = Correction(
        **{KIND_OF_MODEL[type(record)]: record},
        wrong=wrong,
        proposed=proposed,
        source_url=source_url,
        language=language,
        sender=sender,
    )
    correction.full_clean(exclude=CORRECTED_KINDS, validate_constraints=False)
    correction.save()
    return correction


def open_corrections_of(record):
    """The corrections of `record` still to review (None for a record of a
    kind no visitor corrects)."""
    kind = KIND_OF_MODEL.get(type(record))
    if kind is None:
        return None
    return Correction.objects.filter(status=Correction.Status.NEW, **{kind: record})
