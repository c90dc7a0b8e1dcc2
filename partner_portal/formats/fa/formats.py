# Persian sums (rials) group by thousands with the Arabic thousands separator (٬);
# Django's own "fa" formats do not group at all, and its other formats still apply.
# (intcomma groups; plain numbers in templates are not grouped, so values written
# into attributes stay machine-readable.)
THOUSAND_SEPARATOR = "٬"
NUMBER_GROUPING = 3
