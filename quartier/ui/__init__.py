"""The only part of quartier/ that imports Streamlit: cached resources, the current
user and language, navigation, the login routes and small shared components."""
