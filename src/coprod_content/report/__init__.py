"""Item analysis: what learners answer, per module version, from xAPI statements.

Statements are read as a stream (``lrs`` from a Learning Record Store's Statements
API, ``source`` from a JSON-lines file), decoded to the few members the report uses
(``statement``), counted per version, learner and item (``tally``), turned into
figures with the anonymity rule applied (``figures``, ``privacy``, ``stats``) and
written as ``report.json`` (``schema``), ``items.csv`` (``table``) and a
self-contained ``report.html`` (``page``, ``charts``). The writers see only the
figures, never a statement.
"""
