"""The years the platform holds records of, one range for every year a person or program gives
(API parameters, the gazette's volumes, the public lists' and the search's year filters)."""

# The PRC's first year to well past any planning horizon.
FIRST_YEAR, LAST_YEAR = 1949, 2100
