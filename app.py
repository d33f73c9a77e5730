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
    from streamlit.runtime.pages_manager import PagesManager

    from quartier.ui.routes import ROUTES

    # A folder named pages/ next to the script switches Streamlit into its old
    # "pages folder" mode until st.navigation runs once, so the first visitor after
    # a start would bypass the router (and its role checks). The router always calls
    # st.navigation: declare that before any session starts.
    PagesManager.uses_pages_directory = False
    app = st.App(__file__, routes=ROUTES)
