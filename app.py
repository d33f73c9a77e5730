"""Quartier — entry point.

``streamlit run app.py`` finds the ``st.App`` below and serves it with the login
routes (``/auth/...``); the app script itself is this same file, run for every
browser session as ``__main__``, where it is only the router.
"""

import streamlit as st

if __name__ == "__main__":
    from quartier.ui.router import run

    run()
else:
    from quartier.ui.routes import ROUTES

    app = st.App(__file__, routes=ROUTES)
