"""Query building blocks that know no model of ours."""

import json

from django.db import connections
from django.db.models import F, Func, IntegerField, Subquery
from django.db.models.expressions import RawSQL


def count_of(queryset, distinct=None):
    """How many rows (or distinct values of the field `distinct`) `queryset`,
    tied to the outer record by OuterRef, selects: a subquery, so several
    counts need neither joins nor queries of their own."""
    template = (
        "COUNT(DISTINCT %(expressions)s)" if distinct else "COUNT(%(expressions)s)"
    )
    count = Func(F(distinct or "pk"), template=template, output_field=IntegerField())
    return Subquery(queryset.order_by().annotate(count=count).values("count"))


def among(keys, using="default"):
    """A subquery that selects the integers `keys`, passed as one parameter
    however many there are (an IN list of 100,000 would pass the databases'
    limits): PostgreSQL unnests an array, SQLite reads a JSON array."""
    keys = [int(key) for key in keys]
    if connections[using].vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", (keys,))
    return RawSQL("SELECT value FROM json_each(%s)", (json.dumps(keys),))
