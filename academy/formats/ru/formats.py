# Django's Russian names the month of a day in the nominative ("25 Июнь");
# a day takes its month in the genitive, as DATE_FORMAT does ("25 июня").
MONTH_DAY_FORMAT = "j E"  # 25 июня
