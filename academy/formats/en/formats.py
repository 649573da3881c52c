# Day first, as the archive's English texts write dates (Django's English
# says "June 25, 2015"); whatever is not set here is Django's.
DATE_FORMAT = "j F Y"  # 25 June 2015
MONTH_DAY_FORMAT = "j F"  # 25 June
