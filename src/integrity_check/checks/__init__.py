"""Checks, one family per module: inputs, format, quotations, citations, similarity.

Each rule is a class in its family's module (see ``base.Rule``); packs in
``rules/`` choose which run and with what parameters.
"""
