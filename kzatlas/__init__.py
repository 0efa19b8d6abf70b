"""Kazakhstan Science Cooperation Atlas: turn news articles about Kazakhstan's
international cooperation in science, higher education, space and nuclear
research into dated, geocoded cooperation events (see README.md)."""

__version__ = "0.1.0"
