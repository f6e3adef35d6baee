"""The number layer: numerals, units, qualifiers and ranges -> Quantity records.

>>> from fupin_nlp.numbers import find_quantities
>>> [(q.text, q.value, q.unit) for q in find_quantities("投入4921.5万元")]
[('4921.5万元', 49215000.0, '元')]
"""

from .numerals import find_numbers
from .quantities import find_quantities

__all__ = ["find_numbers", "find_quantities"]
