"""The project's exceptions: one base class and narrow subclasses, so callers can
catch exactly the failure they know how to handle and report the rest clearly."""

from __future__ import annotations


class AtlasError(Exception):
    """Base class of every error this package raises on purpose."""


class ArticleError(AtlasError):
    """An article file cannot be read or decoded; the build reports and skips it."""


class SchemaError(AtlasError):
    """A table does not match its declared schema (names the table and columns)."""


class GeocodingError(AtlasError):
    """The online geocoder failed (timeout, refusal, bad answer)."""


class DataMissingError(AtlasError):
    """The data folder holds no built data yet."""


class OutputError(AtlasError):
    """An output file cannot be written."""


class ConfigError(AtlasError):
    """A setting (a KZATLAS_* environment variable) has a value that cannot be used."""
