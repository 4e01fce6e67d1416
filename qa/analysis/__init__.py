"""Analysis: who in the text makes each claim (attribution) and how sure the text is
(hedges), computed once per sentence.

Reads only the text stage (:mod:`qa.text`).
"""
