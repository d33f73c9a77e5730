"""Quartier — the participation platform of a neighbourhood office.

The domain package: surveys, ideas, prioritisation, network, trends. Nothing here
imports Streamlit but :mod:`quartier.ui`.
"""

__version__ = "0.1.0"
