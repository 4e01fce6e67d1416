"""Answer: what a question asks, the phrase of a sentence that answers it, whether the
evidence is enough to answer at all, follow-ups, and the result objects.

Reads the text and analysis stages; the engine (:mod:`qa.engine`) gives it passages.
"""
