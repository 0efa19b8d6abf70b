"""The dashboard's logic as plain, typed, tested functions: loading and validating
the data folder (load), the query engine that filters and aggregates the events
(engine), filters, search targets and their URL form (filters), the pydeck map
(maps), the time control and playback (charts), what each panel shows (views), the
escaped article reader (reader), downloads (export), the interface languages (i18n:
catalogs and locale formats; names: institutions, places and countries in each
language), story mode (story) and its self-contained page (story_export, with
static maps from svgmap). Nothing here imports Streamlit; dashboard/app.py is the
thin script that wires these functions to widgets.
"""
