"""Query building blocks that know no model of ours."""

from django.db.models import F, Func, IntegerField, Subquery


def count_of(queryset, distinct=None):
    """How many rows (or distinct values of the field `distinct`) `queryset`,
    tied to the outer record by OuterRef, selects: a subquery, so several
    counts need neither joins nor queries of their own."""
    template = (
        "COUNT(DISTINCT %(expressions)s)" if distinct else "COUNT(%(expressions)s)"
    )
    count = Func(F(distinct or "pk"), template=template, output_field=IntegerField())
    return Subquery(queryset.order_by().annotate(count=count).values("count"))
