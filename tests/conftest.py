import pytest
from django.core.management import call_command


@pytest.fixture
def archive_2015(db):
    """The 4th CSTO Academy data set, loaded from the project's fixture."""
    call_command("loaddata", "csto_academy_2015", verbosity=0)
