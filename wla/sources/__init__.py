"""Readers of official file formats, one module per publisher format.

Every reader returns a *long* frame in the source schema (see :mod:`wla.sources.common`):
codes stay strings, values are floats, and official special signs live in ``flag``.
Readers know nothing of regions, indicators or notebooks.
"""
